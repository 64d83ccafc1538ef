import type { Scenario } from './scenario-types.js';

/** What customers write to support@ about, and how the team answers. */
export const SUPPORT_SCENARIOS: readonly Scenario[] = [
  {
    id: 'calendar-sync',
    mailbox: 'support',
    weight: 6,
    subject: [
      '{calendar} sync stopped working',
      'Bookings not showing up in {calendar}',
      'Calendar sync broken since yesterday?',
    ],
    tags: ['Bug'],
    turns: [
      {
        from: 'customer',
        text: [
          'Since yesterday afternoon none of our new bookings appear in {calendar}. Bookings made before that are still there. Nothing changed on our side as far as I know.\n\nOur staff rely on their phone calendars, so this is causing a bit of chaos at the front desk.',
          'Our {calendar} stopped receiving bookings from Acme Schedule. The last one that synced came in on {weekday} morning. We have {staff} staff calendars connected and all of them are affected.',
        ],
      },
      {
        from: 'team',
        text: [
          'Sorry about the trouble. Could you tell me which account connected the calendars (the address you see under Settings > Integrations), and send a screenshot of that page? That tells us whether the connection expired or the events are being rejected.',
          'Thanks for the report. We changed how we renew {calendar} connections on {weekday}, and a few accounts were caught by it. Could you send me a screenshot of Settings > Integrations so I can check which state yours is in?',
        ],
      },
      {
        from: 'customer',
        attachment: 'screenshot',
        text: [
          'Screenshot attached. It says "Connected" with a green tick, which is what confuses me.',
          'Here you go. The status shows connected, but the "last sync" time is from {weekday}.',
        ],
      },
      {
        from: 'team',
        text: [
          'Thank you, that helped. The connection token had expired without the status noticing; that is a bug on our side and we have fixed it ({ticket}). Please click "Reconnect" once on that page and the missing bookings will be pushed to {calendar} within a few minutes.',
          'Found it: the token renewal failed silently for your workspace. Our engineers shipped a fix this morning ({ticket}). If you press "Reconnect" under Settings > Integrations, everything from {weekday} onwards will sync again.',
        ],
      },
      {
        from: 'customer',
        text: [
          'Reconnected, and new bookings come through again. The ones made while it was broken are still missing from {calendar} though.',
          'That fixed new bookings, thanks. But the bookings from {weekday} and since are still not in the calendars.',
        ],
      },
      {
        from: 'team',
        text: [
          'Those were created while the connection was down, so nothing retried them. I have queued them again for your workspace; they should all be in {calendar} within ten minutes.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: [
          'All there now. Thanks for the quick help!',
          'That did it, everything is back. Thank you!',
        ],
      },
      {
        from: 'team',
        settles: true,
        text: ['Glad to hear it, and sorry again for the disruption. Have a good week!'],
      },
    ],
    notes: [
      {
        after: 2,
        by: 'handler',
        text: [
          'Same silent token expiry as {ticket}. {@other} can you confirm the fix is live for all regions?',
          'Looks like {ticket} again. Reconnect should fix it, keeping this open until they confirm.',
        ],
      },
    ],
  },
  {
    id: 'sms-reminders',
    mailbox: 'support',
    weight: 4,
    subject: [
      'SMS reminders not being sent',
      'Clients not getting text reminders',
      'Reminder texts?',
    ],
    tags: ['Bug'],
    turns: [
      {
        from: 'customer',
        text: [
          'Several clients told us this week that they did not get the usual text reminder the day before their appointment. Email reminders seem fine. Can you check?',
          'Our no-shows went up this week and it turns out the SMS reminders have stopped. Nothing changed in our settings.',
        ],
      },
      {
        from: 'team',
        text: [
          'Thanks for flagging this. I can see that your SMS credit ran out on {weekday}; when that happens we fall back to email only. You can top up under Billing > SMS credits, or switch on auto top-up so it does not happen again.',
          'I checked the delivery log for your account: messages to numbers without a country code were rejected by our SMS provider since {weekday}. If you edit the affected clients to include +44 or +1 in front, the reminders will go out again. We are also adding a warning for this.',
        ],
      },
      {
        from: 'customer',
        text: [
          'Ah, that explains it. Is there a way to get an email when the credit is low?',
          'Is there a way to fix all the numbers at once? We have around {count} clients.',
        ],
      },
      {
        from: 'team',
        text: [
          'Yes: under Billing > Notifications you can set a threshold, and we email the account owner when the balance drops below it.',
          'There is: Clients > Import lets you re-upload the list with a "default country" option, which adds the code to every number that lacks one.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['Perfect, set that up. Thanks {agent}.', 'Great, that worked. Thanks a lot.'],
      },
    ],
  },
  {
    id: 'password-reset',
    mailbox: 'support',
    weight: 5,
    subject: ['Password reset email never arrives', "Can't log in", 'Reset link not working'],
    tags: [],
    turns: [
      {
        from: 'customer',
        text: [
          'I have tried to reset my password three times now and the email never arrives. I checked the spam folder. Could you help?',
          'The password reset link says it has expired, even when I click it straight away.',
        ],
      },
      {
        from: 'team',
        text: [
          'Sorry about that. Our emails come from no-reply@acme.example; some company mail filters hold them back. I have sent a fresh reset link to {email} just now, and if it does not turn up, your IT team can allowlist that address.',
          'Some email security scanners open links before you do, which uses up the one-time link. I have sent you a new one that stays valid after being scanned; it expires in an hour.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: [
          'Found it in our quarantine folder. All sorted, thanks!',
          'That one worked. Thank you!',
        ],
      },
    ],
  },
  {
    id: 'two-factor-lockout',
    mailbox: 'support',
    weight: 3,
    subject: ['Locked out after changing phones', 'Lost my 2FA device'],
    tags: ['Urgent'],
    turns: [
      {
        from: 'customer',
        text: [
          'I got a new phone and did not move the authenticator app over. Now I cannot log in, and I am the only admin on our account. We have clients booking today, please help.',
          'My phone was stolen on {weekday} and with it my two-factor codes. I am the account owner for {company}.',
        ],
      },
      {
        from: 'team',
        text: [
          'We can reset two-factor authentication for you, but we need to make sure it really is you first. Please reply from the account owner address with the last four digits of the card on file and the date of your last invoice.',
        ],
      },
      {
        from: 'customer',
        text: [
          'Card ends in {cardDigits}, last invoice was {invoice} on the 1st of the month.',
          'The card ends in {cardDigits} and the last invoice number I have is {invoice}.',
        ],
      },
      {
        from: 'team',
        settles: true,
        text: [
          'Thanks, that matches. Two-factor authentication is now off for your login; you will be asked to set it up again the next time you sign in. I would also suggest adding a second admin so this cannot lock you out again.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: [
          'In and set up again. Thank you so much.',
          'Back in, thanks for the fast turnaround!',
        ],
      },
    ],
    notes: [
      {
        after: 2,
        by: 'handler',
        text: [
          'Verified against billing: card and invoice match. Resetting 2FA.',
          'Identity checked (card + invoice). {@maya} FYI, resetting 2FA for the owner.',
        ],
      },
    ],
  },
  {
    id: 'invoice-copy',
    mailbox: 'support',
    weight: 4,
    subject: [
      'Invoice with our VAT number',
      'Copy of invoice {invoice}',
      'Need invoices for our accountant',
    ],
    tags: ['Billing'],
    turns: [
      {
        from: 'customer',
        text: [
          'Our accountant needs a copy of invoice {invoice} with our VAT number on it. Could you add it and resend?',
          'Could you send me the invoices for the last quarter? Our finance team needs them with our company address on them.',
        ],
      },
      {
        from: 'team',
        attachment: 'invoice',
        text: [
          'Of course. The corrected invoice is attached. You can also add the VAT number under Billing > Company details, and every future invoice will include it.',
          'Here it is, attached as a PDF. For the future, Billing > Invoices lets you download any invoice, and the company details you enter there appear on all of them.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['Received, thank you.', 'Perfect, thanks {agent}.'],
      },
    ],
  },
  {
    id: 'refund',
    mailbox: 'support',
    weight: 4,
    subject: [
      'Charged twice this month',
      'Refund for annual renewal',
      'Unexpected charge of {amount}',
    ],
    tags: ['Billing', 'Refund'],
    turns: [
      {
        from: 'customer',
        text: [
          'We were charged {amount} twice on the 1st. Can you refund the duplicate?',
          'Our plan renewed for a full year yesterday. We meant to cancel before the renewal and simply forgot. Is a refund possible?',
        ],
      },
      {
        from: 'team',
        text: [
          'You are right, the payment was retried after a timeout and went through twice. I have refunded the duplicate {amount}; depending on your bank it takes 5 to 10 business days to show up.',
          'I understand, it happens. As the renewal was less than 14 days ago we can refund it in full. Shall I go ahead and close the account at the same time, or would you like to switch to monthly billing instead?',
        ],
      },
      {
        from: 'customer',
        text: [
          'Thanks. Could you send a confirmation for our records?',
          'Please refund it and switch us to monthly. We still want to use the product.',
        ],
      },
      {
        from: 'team',
        settles: true,
        text: [
          'Sent: you should have a refund receipt in your inbox from billing@acme.example.',
          'Done: the annual payment is refunded and you are on the monthly {plan} plan from today.',
        ],
      },
    ],
    notes: [
      {
        after: 0,
        by: 'other',
        text: [
          '{@handler} refund within the 14-day window, go ahead.',
          'Approved for refund. {@handler} please process and reply.',
        ],
      },
    ],
  },
  {
    id: 'downgrade',
    mailbox: 'support',
    weight: 3,
    subject: ['Downgrade to {otherPlan}', 'Change of plan'],
    tags: ['Billing'],
    turns: [
      {
        from: 'customer',
        text: [
          'We are a smaller team this season and would like to move from {plan} to {otherPlan}. What do we lose?',
        ],
      },
      {
        from: 'team',
        text: [
          'Happy to help. On {otherPlan} you keep your bookings, clients and history; the main differences are fewer staff calendars and no custom reports. The change applies at your next billing date, and you can move back up any time.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['Sounds fine, please go ahead.', 'OK, let us do it. Thanks.'],
      },
      {
        from: 'team',
        settles: true,
        text: ['Done. You will see {otherPlan} on your next invoice.'],
      },
    ],
  },
  {
    id: 'cancel',
    mailbox: 'support',
    weight: 3,
    subject: ['Cancel our subscription', 'Closing our account'],
    tags: ['Churn risk'],
    turns: [
      {
        from: 'customer',
        text: [
          'We have decided to close the studio at the end of the month, so we need to cancel. How do we export our client list first?',
          'Please cancel our subscription. We are moving to a system our new owners already use.',
        ],
      },
      {
        from: 'team',
        text: [
          'Sorry to hear that. Clients > Export gives you everything as a CSV. If it is a pause rather than a goodbye, we can also freeze the account for up to six months at no cost, keeping all your data.',
          'Sorry to see you go. Before you do: we can pause the account instead of closing it, free of charge, so nothing is lost if plans change. Otherwise, Settings > Account > Cancel does it in one step.',
        ],
      },
      {
        from: 'customer',
        text: [
          'A pause would actually be great, we might reopen in spring.',
          'Thanks, we will cancel. The export worked fine.',
        ],
      },
      {
        from: 'team',
        settles: true,
        text: [
          'Paused until further notice. Just log in when you are ready and everything will be where you left it.',
          'The subscription is cancelled and you will not be charged again. Thank you for being a customer, and good luck.',
        ],
      },
    ],
    notes: [
      {
        after: 0,
        by: 'other',
        text: [
          '{@handler} worth offering the pause option before we lose them.',
          'Churn risk: {company} has been with us for two years. {@maya} any retention offer we can make?',
        ],
      },
    ],
  },
  {
    id: 'sso',
    mailbox: 'support',
    weight: 3,
    subject: [
      'SAML SSO with {idp}',
      'SSO setup: AudienceRestriction error',
      'Help configuring single sign-on',
    ],
    tags: ['SSO'],
    turns: [
      {
        from: 'customer',
        text: [
          'I am setting up single sign-on with {idp} and get "AudienceRestriction condition not met" after logging in. Which entity ID should we use?',
          'We are connecting Acme Schedule to {idp}. The test login redirects back to the login page without an error. Any idea?',
        ],
      },
      {
        from: 'team',
        text: [
          'The entity ID (audience) must be https://app.acme.example/saml/{slug}, with the path exactly as shown under Settings > Security > SSO. {idp} sometimes adds a trailing slash; if it did, removing it usually fixes this error.',
          'That usually means the email attribute is missing from the SAML response. In {idp}, map the user email to the attribute named "email" (lower case). Could you send me the time of your last attempt so I can look at our logs?',
        ],
      },
      {
        from: 'customer',
        text: [
          'Removed the trailing slash and the test login works now. Can we enforce SSO for everyone?',
          'The attribute was called "Email". Changed it, and it works. How do we make it mandatory?',
        ],
      },
      {
        from: 'team',
        text: [
          'Yes: turn on "Require SSO" on the same page. Keep one admin account able to log in with a password in case {idp} is ever down.',
        ],
      },
      {
        from: 'customer',
        text: ['Will do. Can we also give people their role from their {idp} group?'],
      },
      {
        from: 'team',
        text: [
          'You can: under Settings > Security > SSO > Role mapping, map each group name to Admin, Manager or Staff. It applies at each login, so moving someone between groups in {idp} is enough.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['Enforced. Thanks for the help!', 'All done, thanks a lot.'],
      },
    ],
  },
  {
    id: 'export-encoding',
    mailbox: 'support',
    weight: 3,
    subject: ['CSV export shows strange characters', 'Exporting all bookings'],
    tags: [],
    turns: [
      {
        from: 'customer',
        attachment: 'csv',
        text: [
          'When I open the bookings export in Excel, names with accents come out as garbage (see attached). Is there another format?',
          'I need all bookings since January for our annual report. The export I made looks wrong in Excel, attached.',
        ],
      },
      {
        from: 'team',
        text: [
          'The file itself is fine; Excel guesses the wrong encoding for CSV. On the export page choose "Excel (UTF-8 with BOM)" and the names will display correctly.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['That works, thank you!', 'Perfect, the names look right now.'],
      },
    ],
  },
  {
    id: 'gdpr',
    mailbox: 'support',
    weight: 2,
    subject: ['GDPR deletion request for a client', 'Right to erasure request'],
    tags: [],
    turns: [
      {
        from: 'customer',
        text: [
          'One of our clients asked us to delete all their data under GDPR. Deleting them in the app hides them, but does it really remove everything?',
        ],
      },
      {
        from: 'team',
        text: [
          'Deleting a client removes them from the app at once and from our backups within 30 days. If you need a written confirmation for the client, reply with their client ID and we will send one once the deletion is complete.',
        ],
      },
      {
        from: 'customer',
        text: ['The client ID is C-{count}. Please send the confirmation when it is done.'],
      },
      {
        from: 'team',
        settles: true,
        text: ['The deletion of C-{count} is complete; the confirmation letter is on its way.'],
      },
    ],
  },
  {
    id: 'timezone',
    mailbox: 'support',
    weight: 4,
    subject: [
      'Bookings one hour off since the clocks changed',
      'Wrong times on the booking page',
      'URGENT: appointment times shifted',
    ],
    tags: ['Bug', 'Urgent'],
    turns: [
      {
        from: 'customer',
        text: [
          'Since the clock change every booking made online shows up an hour late in our calendar. Clients are arriving at what they think is the right time. This is urgent for us.',
          'Our booking page offers slots an hour later than our opening hours. It started this week.',
        ],
      },
      {
        from: 'team',
        text: [
          'I am sorry, and thank you for the quick report. Your workspace time zone is set to UTC rather than your local zone, so the change of daylight saving time moved everything. Could you check Settings > Business > Time zone? Existing bookings are stored correctly and will show right once it is set.',
          'Thanks for letting us know. We found a bug in how the booking page handled the daylight saving change for some time zones ({ticket}); a fix goes out within the hour. Bookings already made are stored with the correct time.',
        ],
      },
      {
        from: 'customer',
        text: [
          'It was set to UTC, no idea how. Changed it and the times look right now. Will clients who booked get a corrected confirmation?',
          'Thanks. Can you let me know when the fix is live?',
        ],
      },
      {
        from: 'team',
        settles: true,
        text: [
          'Yes, we have resent confirmations with the correct times to the {count} clients who booked since Sunday.',
          'The fix is live. Booking pages show the correct slots again.',
        ],
      },
      {
        from: 'customer',
        text: [
          'Thanks. One client still received a reminder with the old time this morning, though.',
          'Mostly fine now, but the booking widget on our own website still shows the old slots.',
        ],
      },
      {
        from: 'team',
        text: [
          'That reminder was queued before the fix and went out with the time it had; I am sorry about that. I have sent that client a corrected reminder, and checked that no other reminders are queued with old times.',
          'The widget on your website keeps its own copy of the slots for up to an hour. It has refreshed by now; could you check again?',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: [
          'All good now. Thanks for staying on top of it.',
          'Yes, it shows the right times now. Thank you!',
        ],
      },
    ],
    notes: [
      {
        after: 0,
        by: 'other',
        text: [
          '{@handler} third DST report today, linking to {ticket}.',
          'Escalated to engineering as {ticket}. {@maya} keeping you posted.',
        ],
      },
    ],
  },
  {
    id: 'waitlist',
    mailbox: 'support',
    weight: 3,
    subject: ['Feature request: waitlist for full classes', 'Waiting list?'],
    tags: ['Feature request'],
    turns: [
      {
        from: 'customer',
        text: [
          'Our evening classes fill up within hours. It would be great if clients could join a waiting list and be booked automatically when someone cancels. Is that on the roadmap?',
        ],
      },
      {
        from: 'team',
        settles: true,
        text: [
          'Thanks for the suggestion, it is one of the most requested features and I have added your vote. It is planned for this quarter; I will let you know as soon as it is available.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['Great news, thanks!'],
      },
    ],
  },
  {
    id: 'recurring',
    mailbox: 'support',
    weight: 2,
    subject: ['Recurring appointments', 'Can clients book a weekly slot?'],
    tags: ['Feature request'],
    turns: [
      {
        from: 'customer',
        text: [
          'Some of our clients come every week at the same time. Can we book a recurring appointment for them instead of one by one?',
        ],
      },
      {
        from: 'team',
        text: [
          'Staff can already do this: open a booking, choose "Repeat" and pick weekly or every two weeks. Clients cannot set it up themselves on the booking page yet; I have passed that on to our product team.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['Found it, very handy. Thanks!'],
      },
    ],
  },
  {
    id: 'api-rate-limit',
    mailbox: 'support',
    weight: 3,
    subject: ['API returns 429 Too Many Requests', 'Rate limits on the bookings API'],
    tags: ['Bug'],
    turns: [
      {
        from: 'customer',
        attachment: 'log',
        text: [
          'Our nightly sync with our CRM started failing with 429 errors. Log attached. We make maybe {count} requests a night; what are the limits?',
        ],
      },
      {
        from: 'team',
        text: [
          'The limit is 10 requests per second per workspace. Your log shows bursts of about 40 per second right at 02:00. If you honour the Retry-After header, or use the bulk endpoint /v2/bookings?updated_since=, the sync will fit comfortably.',
        ],
      },
      {
        from: 'customer',
        text: [
          'Switched to updated_since, the sync now takes two minutes instead of twenty. Is that endpoint paginated?',
        ],
      },
      {
        from: 'team',
        settles: true,
        text: ['Yes, 500 per page with a next_cursor field; the API reference has an example.'],
      },
    ],
  },
  {
    id: 'webhooks',
    mailbox: 'support',
    weight: 2,
    subject: ['Webhook signature verification fails', 'Webhooks rejected with 401'],
    tags: ['Bug'],
    turns: [
      {
        from: 'customer',
        text: [
          'After rotating our webhook secret, our endpoint rejects every event because the signature does not match. We updated the secret on our side.',
        ],
      },
      {
        from: 'team',
        text: [
          'After a rotation we sign with both the old and the new secret for 24 hours; the X-Acme-Signature header then carries two values separated by a comma. Your verifier probably compares against the whole header. Checking each value separately fixes it.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['That was it. Might be worth a line in the docs!'],
      },
      {
        from: 'team',
        settles: true,
        text: ['Agreed, the docs now say so. Thanks for the nudge.'],
      },
    ],
  },
  {
    id: 'mobile-crash',
    mailbox: 'support',
    weight: 3,
    subject: ['iOS app crashes on launch', 'App closes immediately after update'],
    tags: ['Bug'],
    turns: [
      {
        from: 'customer',
        attachment: 'screenshot',
        text: [
          'Since updating to version {version} the app crashes as soon as I open it, on my {device}. Screenshot of the last thing I see attached.',
        ],
      },
      {
        from: 'team',
        text: [
          'Thanks for the screenshot. Version {version} has a crash on devices with a very large offline cache. Until the fix is out, logging out and back in clears the cache. A fixed version is with Apple for review now.',
        ],
      },
      {
        from: 'customer',
        text: ['Logging out helped for now. Let me know when the update is out.'],
      },
      {
        from: 'team',
        settles: true,
        text: ['The fixed version is live in the App Store now. Thanks for your patience!'],
      },
    ],
    notes: [
      {
        after: 0,
        by: 'handler',
        text: ['Crash matches {ticket}. {@other} do we have an ETA from the mobile team?'],
      },
    ],
  },
  {
    id: 'stripe-payouts',
    mailbox: 'support',
    weight: 2,
    subject: ['Online payments not arriving in our bank', 'Stripe payouts missing'],
    tags: ['Billing'],
    turns: [
      {
        from: 'customer',
        text: [
          'Clients have paid deposits online for two weeks but nothing has arrived in our bank account. Where is the money?',
        ],
      },
      {
        from: 'team',
        text: [
          'The payments are safe in your Stripe account. Stripe paused payouts because it is waiting for a verification document; if you log in to the Stripe dashboard you should see a banner asking for it. Once it is uploaded, payouts resume within two days.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['Found the banner and uploaded our business registration. Thanks!'],
      },
    ],
  },
  {
    id: 'import-clients',
    mailbox: 'support',
    weight: 3,
    subject: ['Importing our client list', 'Help moving our clients over'],
    tags: ['Onboarding'],
    turns: [
      {
        from: 'customer',
        attachment: 'csv',
        text: [
          'We are just getting started and have about {count} clients in a spreadsheet from our old system. Can you import them? File attached.',
        ],
      },
      {
        from: 'team',
        text: [
          'Welcome aboard! The file looks good. I have imported {count} clients; 12 rows had no email or phone and were skipped, and you will find them in the import report under Clients > Imports.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['Amazing, thank you. That saved us a day of typing.'],
      },
    ],
  },
  {
    id: 'custom-domain',
    mailbox: 'support',
    weight: 2,
    subject: ['Using our own domain for the booking page', 'Custom domain SSL pending'],
    tags: ['Onboarding'],
    turns: [
      {
        from: 'customer',
        text: [
          'We would like the booking page at book.{domain} instead of the Acme address. How do we set that up?',
        ],
      },
      {
        from: 'team',
        text: [
          'Add a CNAME record for book.{domain} pointing to pages.acme.example, then enter the domain under Settings > Booking page. We issue the certificate automatically once the record is visible.',
        ],
      },
      {
        from: 'customer',
        text: ['Added the record yesterday but the page still says "certificate pending".'],
      },
      {
        from: 'team',
        text: [
          'Your DNS provider still serves an old record with a 24-hour lifetime. It expires tonight; the certificate will be issued automatically after that.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['It is live this morning. Thanks!'],
      },
    ],
  },
  {
    id: 'staff-permissions',
    mailbox: 'support',
    weight: 3,
    subject: ['Hide revenue from staff', 'Staff permissions question'],
    tags: [],
    turns: [
      {
        from: 'customer',
        text: [
          'Can I stop our part-time staff from seeing the revenue reports? They only need their own calendar.',
        ],
      },
      {
        from: 'team',
        settles: true,
        text: [
          'Yes: give them the "Staff" role under Settings > Team. Staff see their own calendar and clients, but no reports or billing.',
        ],
      },
    ],
  },
  {
    id: 'outage',
    mailbox: 'support',
    weight: 2,
    subject: ['Is Acme down?', 'Booking page not loading', 'Site down??'],
    tags: ['Urgent'],
    turns: [
      {
        from: 'customer',
        text: [
          'Our booking page has been showing an error for the last 15 minutes and clients are calling us. Is something wrong on your side?',
        ],
      },
      {
        from: 'team',
        settles: true,
        text: [
          'Yes, we had an outage of the booking pages between 09:12 and 09:41 UTC, caused by a failed database update. Everything is back to normal and no bookings were lost. We are very sorry for the disruption; the write-up will be on status.acme.example today.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['Back up on our side too. Thanks for the quick answer.'],
      },
    ],
  },
  {
    id: 'double-booking',
    mailbox: 'support',
    weight: 3,
    subject: ['Double bookings happening', 'Two clients booked into the same slot'],
    tags: ['Bug'],
    turns: [
      {
        from: 'customer',
        text: [
          'Twice this week two clients were booked into the same slot with the same therapist. One booked online, the other by phone through the front desk.',
        ],
      },
      {
        from: 'team',
        text: [
          'Thanks for the details. Could you send me the dates and times of both cases? That lets me check the booking history.',
        ],
      },
      {
        from: 'customer',
        text: [
          '{weekday} at {time} with {colleague}, and the day before at 16:00, same therapist.',
        ],
      },
      {
        from: 'team',
        text: [
          'Thank you. In both cases the front desk booking was made with "allow overlap" ticked, which skips the check. I would suggest switching off that option for staff under Settings > Team > Permissions.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['Mystery solved. I have turned it off. Thanks!'],
      },
    ],
  },
  {
    id: 'security-review',
    mailbox: 'support',
    weight: 2,
    subject: ['Data processing agreement', 'Security questionnaire from our IT'],
    tags: ['Enterprise'],
    turns: [
      {
        from: 'customer',
        text: [
          'Our IT department needs a signed data processing agreement and details about where our data is stored before we can roll out to all {locations} locations.',
        ],
      },
      {
        from: 'team',
        attachment: 'dpa',
        text: [
          'Of course. Our standard DPA is attached, already signed on our side. All customer data is stored in the EU (Frankfurt), encrypted at rest, with backups in a second EU region. Happy to join a call with your IT team if that helps.',
        ],
      },
      {
        from: 'customer',
        text: ['Thanks. They also ask whether you have a penetration test report.'],
      },
      {
        from: 'team',
        settles: true,
        text: [
          'We do: the summary of the latest external test is available under NDA. I have asked our security lead to send it to you directly.',
        ],
      },
    ],
    notes: [
      {
        after: 2,
        by: 'handler',
        text: ['{@other} can you send them the pentest summary under our NDA template?'],
      },
    ],
  },
  {
    id: 'owner-change',
    mailbox: 'support',
    weight: 2,
    subject: ['Change of account owner', 'Previous admin has left'],
    tags: [],
    turns: [
      {
        from: 'customer',
        text: [
          'Our previous manager, who set up the account, has left the company and we cannot reach her. How can I become the account owner?',
        ],
      },
      {
        from: 'team',
        text: [
          'We can transfer the ownership. Please have someone with authority at {company} confirm the change in writing (a short email from a company address is enough), and let us know which login should become the owner.',
        ],
      },
      {
        from: 'customer',
        settles: true,
        text: ['I have copied in our director, {colleague}, who confirms. My login is {email}.'],
      },
      {
        from: 'team',
        settles: true,
        text: ['Done: you are now the account owner. Welcome!'],
      },
    ],
  },
  {
    id: 'slow-calendar',
    mailbox: 'support',
    weight: 2,
    subject: ['Calendar view very slow', 'Week view takes ages to load'],
    tags: ['Bug'],
    turns: [
      {
        from: 'customer',
        text: [
          'With {staff} staff in the week view, the calendar takes almost 20 seconds to load every morning. It used to be instant.',
        ],
      },
      {
        from: 'team',
        text: [
          'Thanks, we could reproduce this with large teams: the week view loads every resource separately. Our engineers are on it ({ticket}); as a workaround, the "staff groups" filter makes it fast again.',
        ],
      },
      {
        from: 'customer',
        text: ['The filter helps. Any update on the proper fix?'],
      },
      {
        from: 'team',
        settles: true,
        text: ['It shipped last night: the full week view should load in about a second now.'],
      },
    ],
  },
  {
    id: 'thanks',
    mailbox: 'support',
    weight: 2,
    subject: ['Just wanted to say thank you', 'Thanks for a great product'],
    tags: [],
    turns: [
      {
        from: 'customer',
        settles: true,
        text: [
          'We have been using Acme Schedule for a year now and our no-shows are down by half. Just wanted to say thank you to the whole team!',
        ],
      },
      {
        from: 'team',
        settles: true,
        text: [
          'That made our day, thank you for taking the time to write! I have shared it with the team.',
        ],
      },
    ],
  },
];
