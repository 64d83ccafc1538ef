import type { Random } from './random.js';

/*
 * Who the demo is about: Acme, a small company selling Acme Schedule (online booking and staff
 * scheduling for clinics, studios and shops), its two shared mailboxes, its four teammates, and
 * its customers. Every address is under `.example` (RFC 2606): nothing here can reach anyone.
 */

/** The demo's workspace, as its sidebar names it. */
export const DEMO_WORKSPACE_NAME = 'Acme';

export const DEMO_MAILBOXES = {
  support: { name: 'Acme Support', email: 'support@acme.example' },
  sales: { name: 'Acme Sales', email: 'sales@acme.example' },
} as const;
export type DemoMailbox = keyof typeof DEMO_MAILBOXES;

export interface DemoMember {
  /** A short key the plan refers to members by. */
  key: 'maya' | 'priya' | 'sam' | 'lucas';
  name: string;
  email: string;
  role: 'admin' | 'agent';
  title: string;
}

/** The demo's user: this app's member, the admin of its workspace. */
export const DEMO_USER: DemoMember = {
  key: 'maya',
  name: 'Maya Chen',
  email: 'maya@acme.example',
  role: 'admin',
  title: 'Support Lead',
};

export const DEMO_TEAM: readonly DemoMember[] = [
  DEMO_USER,
  {
    key: 'priya',
    name: 'Priya Raman',
    email: 'priya@acme.example',
    role: 'admin',
    title: 'Head of Customer Success',
  },
  {
    key: 'sam',
    name: 'Sam Okafor',
    email: 'sam@acme.example',
    role: 'agent',
    title: 'Support Engineer',
  },
  {
    key: 'lucas',
    name: 'Lucas Moreau',
    email: 'lucas@acme.example',
    role: 'agent',
    title: 'Account Executive',
  },
];

export const memberByKey = (key: DemoMember['key']): DemoMember =>
  DEMO_TEAM.find((member) => member.key === key)!;

export const firstName = (name: string): string => name.split(' ')[0]!;

/** Who answers each mailbox, and how often. */
export const HANDLERS: Record<DemoMailbox, ReadonlyArray<readonly [DemoMember['key'], number]>> = {
  support: [
    ['sam', 5],
    ['maya', 4],
    ['priya', 2],
  ],
  sales: [
    ['lucas', 5],
    ['priya', 2],
    ['maya', 1],
  ],
};

export interface Company {
  name: string;
  domain: string;
  /** Enterprise customers get the VIP tag. */
  enterprise: boolean;
}

const COMPANIES: readonly Company[] = [
  ['Fjordline Ferries', 'fjordline', true],
  ['Brightwater Dental', 'brightwater-dental', false],
  ['Kestrel Logistics', 'kestrel', true],
  ['Pinecone Studio', 'pinecone', false],
  ['Harbor & Main Bakery', 'harborandmain', false],
  ['Lumen Health', 'lumenhealth', true],
  ['Copperleaf Architects', 'copperleaf', false],
  ['Tidewater Marine', 'tidewater', false],
  ['Bluebird Events', 'bluebird-events', false],
  ['Quarry Hill School', 'quarryhill', false],
  ['Maple & Oak Realty', 'mapleoak', false],
  ['Nimbus Analytics', 'nimbus', true],
  ['Saffron Kitchen Group', 'saffronkitchen', false],
  ['Orbital Bikes', 'orbitalbikes', false],
  ['Greenfield Co-op', 'greenfield', false],
  ['Atlas Physio', 'atlasphysio', false],
  ['Riverside Vet Clinic', 'riversidevet', false],
  ['Sable Consulting', 'sable', false],
  ['Verdant Landscaping', 'verdant', false],
  ['Helix Biolabs', 'helixbio', true],
  ['Cobalt Fitness', 'cobaltfitness', false],
  ['Juniper Law', 'juniperlaw', false],
  ['Moonrise Yoga', 'moonriseyoga', false],
  ['Everest Dental Group', 'everestdental', true],
  ['Polar Freight', 'polarfreight', false],
  ['Redwood Learning', 'redwood', false],
  ['Lighthouse Coworking', 'lighthouse', false],
  ['Zephyr Travel', 'zephyrtravel', false],
  ['Oakline Furniture', 'oakline', false],
  ['Silverline Clinics', 'silverline', true],
  ['Willow Creek Farms', 'willowcreek', false],
  ['Meridian Hotels', 'meridianhotels', true],
  ['Bramble & Co', 'bramble', false],
  ['Stonebridge Accounting', 'stonebridge', false],
  ['Prism Media', 'prismmedia', false],
  ['Cedar Care Homes', 'cedarcare', true],
  ['Aurora Salons', 'aurorasalons', false],
  ['Summit Climbing Gym', 'summitclimbing', false],
  ['Harvest Foods', 'harvestfoods', false],
  ['Foxglove Florists', 'foxglove', false],
  ['Vela Robotics', 'velarobotics', false],
  ['Gladstone University', 'gladstone', true],
  ['Northbeam Pilates', 'northbeam', false],
  ['Canopy Kids Club', 'canopykids', false],
].map(([name, slug, enterprise]) => ({
  name: name as string,
  domain: `${slug as string}.example`,
  enterprise: enterprise as boolean,
}));

const FIRST_NAMES = (
  'Amelia Oliver Sofia Mateo Hannah Kenji Fatima Lars Chloe Diego Ingrid Tomasz Aisha ' +
  'Noah Yuki Elena Rafael Grace Omar Beatriz Liam Zara Henrik Mei Daniel Leila Marcus ' +
  'Anya Kwame Isabel Felix Priyanka Jonas Camille Arjun Freya Samuel Nadia Theo Lucia ' +
  'Ethan Astrid Hugo Maren Tariq Olivia Pedro Ruth Viktor Emma Jamal Clara Sven Imani ' +
  'Paolo Harriet Kofi Selin Adrian Lena'
).split(' ');

const LAST_NAMES = (
  'Lindholm Hartmann Okoye Fernandes Nakamura Kowalski Haddad Brennan Moreno Andersen ' +
  'Petrova Mensah Dubois Castillo Sato Novak Rossi Campbell Ibrahim Jensen Alvarez ' +
  'Whitfield Yilmaz Bauer Osei Laurent Kaur Fischer Abbott Virtanen Silva Morgan Tanaka ' +
  'Eriksen Chowdhury Keller Ferreira Gallagher Lindgren Nwosu Romano Svensson Patel ' +
  'Ortega Hughes Kim Bergström Delgado Walsh Zhou'
).split(' ');

const CUSTOMER_TITLES = [
  'Practice Manager',
  'Operations Lead',
  'Owner',
  'Office Manager',
  'IT Administrator',
  'Studio Manager',
  'Front Desk Lead',
  'Finance Manager',
  'Head of Operations',
  'Clinic Director',
];

export interface Customer {
  name: string;
  first: string;
  email: string;
  title: string;
  company: Company;
}

/**
 * The customers who write in: `count` people spread over the companies (several people of one
 * company, and some who write more than once, as a real inbox has).
 */
export function makeCustomers(random: Random, count: number): Customer[] {
  const used = new Set<string>();
  const customers: Customer[] = [];
  while (customers.length < count) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const company = random.pick(COMPANIES);
    const local = random.chance(0.6)
      ? `${first}.${last}`
      : random.chance(0.5)
        ? first
        : `${first[0]}${last}`;
    const email = `${ascii(local).toLowerCase()}@${company.domain}`;
    if (used.has(email)) continue;
    used.add(email);
    customers.push({
      name: `${first} ${last}`,
      first,
      email,
      title: random.pick(CUSTOMER_TITLES),
      company,
    });
  }
  return customers;
}

/** The first customer of a demo: always the same person, at the top of the inbox. */
export const FEATURED_CUSTOMER: Customer = {
  name: 'Nora Lindqvist',
  first: 'Nora',
  email: 'nora.lindqvist@fjordline.example',
  title: 'Operations Lead',
  company: COMPANIES[0]!,
};

/** A colleague a customer mentions or copies in. */
export function colleagueOf(random: Random, customer: Customer): Customer {
  const first = random.pick(FIRST_NAMES.filter((name) => name !== customer.first));
  const last = random.pick(LAST_NAMES);
  return {
    name: `${first} ${last}`,
    first,
    email: `${ascii(first).toLowerCase()}@${customer.company.domain}`,
    title: random.pick(CUSTOMER_TITLES),
    company: customer.company,
  };
}

function ascii(text: string): string {
  return text.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
}
