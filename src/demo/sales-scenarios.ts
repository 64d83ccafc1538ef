import type { Scenario } from './scenario-types.js';

/** What prospects and customers write to sales@ about. */
export const SALES_SCENARIOS: readonly Scenario[] = [
  {
    id: 'pricing',
    mailbox: 'sales',
    weight: 5,
    subject: ['Question about pricing', 'Team vs Business plan?', 'Pricing for {staff} staff'],
    tags: ['Lead'],
    turns: [
      {
        from: 'customer',
        text: [
          'We are a {staff}-person practice looking at Acme Schedule. What is the difference between the Team and Business plans, apart from the price?',
          'Could you tell me what {staff} staff calendars would cost per month? We would need SMS reminders and online payments.',
        ],
      },
      {
        from: 'team',
        text: [
          'Thanks for reaching out! Team covers up to 10 staff calendars with reminders and online payments. Business adds unlimited staff, custom reports, several locations and priority support. For {staff} staff, Business at $199 a month would fit best; billed yearly it is two months cheaper.',
        ],
      },
      {
        from: 'customer',
        text: ['That helps. Can we try Business for free before we decide?'],
      },
      {
        from: 'team',
        text: [
          'Absolutely: I have extended your trial to 30 days on the Business plan. If a short call to set it up together would help, pick any time here: https://acme.example/meet/{agentSlug}',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['Great, I booked a slot for {weekday}. Thanks!'],
      },
    ],
  },
  {
    id: 'demo-request',
    mailbox: 'sales',
    weight: 4,
    subject: ['Demo request for {company}', 'Could we see a demo?', 'Booking a product demo'],
    tags: ['Lead'],
    turns: [
      {
        from: 'customer',
        text: [
          'We run {locations} clinics and are comparing booking systems. Could we get a demo for our practice managers?',
        ],
      },
      {
        from: 'team',
        text: [
          'Happy to! Would {weekday} at {time} or Thursday at 15:00 work for you? The demo takes about 30 minutes, and I will tailor it to running several locations.',
        ],
      },
      {
        from: 'customer',
        text: ['{weekday} at {time} works. I will bring {colleague}, our operations lead.'],
      },
      {
        from: 'team',
        settles: true,
        text: ['Perfect, the invitation is on its way to you both. Looking forward to it!'],
      },
      {
        from: 'customer',
        text: [
          'Thanks for the demo today, very useful. Could you send the pricing for all {locations} locations and the onboarding plan we discussed?',
        ],
      },
      {
        from: 'team',
        text: [
          'Thank you both for your time. For {locations} locations on Business billed yearly, the price is {quote} a year, including guided onboarding and data import. The plan we talked about: week one import and setup, week two staff training, go-live in week three.',
        ],
      },
    ],
    notes: [
      {
        after: 0,
        by: 'handler',
        text: [
          'Multi-location clinic group, good fit. {@other} do you want to join the demo?',
          '{locations} locations: might qualify for Enterprise. Keeping {@maya} in the loop.',
        ],
      },
    ],
  },
  {
    id: 'enterprise-quote',
    mailbox: 'sales',
    weight: 3,
    subject: [
      'Quote for {locations} locations',
      'Enterprise plan and SSO',
      'RFP: scheduling platform',
    ],
    tags: ['Enterprise', 'Lead'],
    turns: [
      {
        from: 'customer',
        text: [
          'We are looking for a scheduling platform for {locations} locations with SSO through {idp}, an SLA and invoicing in EUR. Could you send a quote?',
        ],
      },
      {
        from: 'team',
        text: [
          'Thank you for considering us. The Enterprise plan covers SSO, a 99.9% SLA, a dedicated account manager and invoicing in EUR. To put a quote together: roughly how many staff will use it, and do you need the API?',
        ],
      },
      {
        from: 'customer',
        text: [
          'About {seats} staff across all sites, and yes, we would connect our HR system through the API.',
        ],
      },
      {
        from: 'team',
        text: [
          'Thanks. For {seats} staff on Enterprise with API access the price is {quote} a year, with a {percent}% discount for a two-year term. Shall I send our order form, or would your procurement team prefer their own paperwork?',
        ],
      },
      {
        from: 'customer',
        attachment: 'form',
        text: ['Procurement needs you registered as a supplier first. Their form is attached.'],
      },
      {
        from: 'team',
        attachment: 'form',
        text: ['The completed and signed form is attached. Anything else they need from us?'],
      },
      {
        from: 'customer',
        text: ['That is everything for now. We expect a decision by the end of the month.'],
      },
      {
        from: 'team',
        text: [
          'Thank you, we will keep the quote open until then. If your team wants to see the SSO setup or the API before deciding, I can set up a sandbox this week.',
        ],
      },
    ],
    notes: [
      {
        after: 1,
        by: 'handler',
        text: ['Big one: {seats} seats. {@maya} can support commit to the SLA response times?'],
      },
      {
        after: 3,
        by: 'other',
        text: ['{@handler} discount approved up to {percent}%, not more please.'],
      },
    ],
  },
  {
    id: 'nonprofit',
    mailbox: 'sales',
    weight: 2,
    subject: ['Discount for charities?', 'Nonprofit pricing'],
    tags: ['Lead'],
    turns: [
      {
        from: 'customer',
        text: [
          'We are a registered charity running free counselling sessions. Do you offer a nonprofit discount?',
        ],
      },
      {
        from: 'team',
        settles: true,
        text: [
          'We do: registered charities get 50% off any plan. Reply with your registration number and I will apply it to your account.',
        ],
      },
      {
        from: 'customer',
        text: ['Our registration number is {count}. Thank you!'],
      },
      {
        from: 'team',
        settles: true,
        text: ['Applied: your next invoice will show the discount.'],
      },
    ],
  },
  {
    id: 'trial-extension',
    mailbox: 'sales',
    weight: 3,
    subject: ['Can we extend our trial?', 'Trial ending too soon'],
    tags: ['Lead'],
    turns: [
      {
        from: 'customer',
        text: [
          'Our trial ends on {weekday} but half our team was on holiday, so we have barely tried it. Could we have two more weeks?',
        ],
      },
      {
        from: 'team',
        settles: true,
        text: [
          'Of course, your trial now runs for another 14 days. Shout if any questions come up.',
        ],
      },
    ],
  },
  {
    id: 'annual-billing',
    mailbox: 'sales',
    weight: 2,
    subject: ['Switching to annual billing', 'Yearly plan'],
    tags: ['Billing'],
    turns: [
      {
        from: 'customer',
        text: [
          'If we switch to paying yearly, do we get a discount? And can we pay by bank transfer?',
        ],
      },
      {
        from: 'team',
        text: [
          'Yes to both: yearly billing is two months free, and for yearly plans we can invoice for bank transfer. Shall I switch you over from your next renewal?',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['Yes please.'],
      },
      {
        from: 'team',
        settles: true,
        text: ['Done: the yearly invoice ({invoice}) will arrive on your renewal date.'],
      },
    ],
  },
  {
    id: 'seat-increase',
    mailbox: 'sales',
    weight: 2,
    subject: ['Adding {seats} more staff', 'More seats mid-contract'],
    tags: ['Enterprise'],
    turns: [
      {
        from: 'customer',
        text: [
          'We are opening a new site next month and need {seats} more staff accounts. How is that billed in the middle of our contract?',
        ],
      },
      {
        from: 'team',
        text: [
          'Congratulations on the new site! Extra seats are billed pro rata until your renewal date, at your contract price. I can add them today so you can set up the new staff ahead of opening.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['Please do, thank you.'],
      },
    ],
  },
  {
    id: 'competitor-switch',
    mailbox: 'sales',
    weight: 3,
    subject: ['Moving from {competitor}', 'Switching from {competitor}: migration help?'],
    tags: ['Lead'],
    turns: [
      {
        from: 'customer',
        text: [
          'We use {competitor} today but their price went up {percent}% this year. If we switch, can you move our bookings and clients over?',
        ],
      },
      {
        from: 'team',
        text: [
          'We move customers from {competitor} every week. Send us their standard export and we import clients, future bookings and services for free. Most switches take a day, with no downtime for your clients.',
        ],
      },
      {
        from: 'customer',
        text: ['Sounds good. How long is our contract with you if we sign up?'],
      },
      {
        from: 'team',
        text: [
          'Monthly plans have no minimum term: you can cancel any time. Yearly plans are two months cheaper.',
        ],
      },
    ],
  },
  {
    id: 'partnership',
    mailbox: 'sales',
    weight: 2,
    subject: ['Partnership inquiry', 'Reseller program?'],
    tags: ['Lead'],
    turns: [
      {
        from: 'customer',
        text: [
          'We are an agency that builds websites for salons and clinics. Do you have a partner or referral program?',
        ],
      },
      {
        from: 'team',
        text: [
          'We do: partners get 20% of the first year for every customer they refer, and a sandbox account to build booking pages for clients. I will send you the partner agreement.',
        ],
      },
    ],
  },
  {
    id: 'renewal',
    mailbox: 'sales',
    weight: 2,
    subject: ['Renewal price increase', 'Our renewal quote'],
    tags: ['Churn risk', 'Enterprise'],
    turns: [
      {
        from: 'customer',
        text: [
          'Our renewal quote is {percent}% higher than last year. With the budget we have, that is hard to justify. Is there any flexibility?',
        ],
      },
      {
        from: 'team',
        text: [
          "Thanks for telling us early. If you renew for two years we can keep last year's price for the first year. Would that work for you?",
        ],
      },
      {
        from: 'customer',
        text: ['I need to check with our finance director, {colleague}. I will get back to you.'],
      },
    ],
    notes: [
      {
        after: 0,
        by: 'handler',
        text: [
          "{@maya} renewal at risk, they are also talking to {competitor}. OK to hold last year's price?",
        ],
      },
    ],
  },
];
