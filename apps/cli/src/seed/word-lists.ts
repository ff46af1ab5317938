/**
 * Vocabulary for demo data. Each topic keeps its subject, messages and tags together, so a
 * seeded "billing" ticket talks about invoices and carries the billing tag: searches, tag
 * filters and analytics then look like a real helpdesk's. Slots in braces are filled per ticket.
 */
export interface Topic {
  name: string;
  weight: number;
  tags: string[];
  subjects: string[];
  customer: string[];
  agent: string[];
  notes: string[];
}

export const TOPICS: Topic[] = [
  {
    name: 'billing',
    weight: 16,
    tags: ['billing', 'invoice', 'payment-failed', 'refund'],
    subjects: [
      'Invoice {invoice} shows the wrong amount',
      'Charged twice for the {plan} plan',
      'Payment failed for order {order}',
      'Need a copy of my {month} invoice',
      'Why was my card charged on {weekday}?',
      'VAT number missing on invoice {invoice}',
      'Billing address change',
    ],
    customer: [
      'I was charged twice this month for the {plan} plan.',
      'The invoice {invoice} lists {seats} seats but we only have {fewer} users.',
      'My card payment keeps failing with the message "{error}".',
      'Could you send me the invoice for {month}? Our accounting team needs it by {weekday}.',
      'Please add our VAT number to the invoices, it is required for our bookkeeping.',
      'I expected a refund after downgrading but I have not seen it yet.',
    ],
    agent: [
      'I have checked your billing history and can confirm the duplicate charge on invoice {invoice}.',
      'A refund of the duplicate amount has been issued, it usually appears within 5 to 10 business days.',
      'I have attached a corrected invoice with your VAT number.',
      'The payment failed because the card issuer declined it; could you try another card or contact your bank?',
      'Your plan renews on the first of each month, which is why the charge appeared on {weekday}.',
    ],
    notes: [
      'Duplicate charge confirmed in the payment provider dashboard, refund issued.',
      'Customer is on a legacy {plan} price, do not migrate without approval.',
      'Escalated to finance for the invoice correction.',
    ],
  },
  {
    name: 'refund',
    weight: 10,
    tags: ['refund', 'billing', 'returns'],
    subjects: [
      'Refund request for order {order}',
      'Where is my refund?',
      'Cancel and refund my subscription',
      'Refund not received after {days} days',
    ],
    customer: [
      'I returned order {order} {days} days ago and I am still waiting for the refund.',
      'I would like a refund for the {plan} plan, it does not fit our needs.',
      'The refund you promised has not reached my account yet.',
      'Can I get a partial refund for the unused months?',
    ],
    agent: [
      'I have processed the refund for order {order}; you will receive a confirmation email shortly.',
      'Refunds go back to the original payment method and take 5 to 10 business days.',
      'I can offer a prorated refund for the remaining months of your subscription.',
    ],
    notes: ['Refund approved under the 30 day guarantee.', 'Second refund request this quarter, check for abuse before approving.'],
  },
  {
    name: 'login',
    weight: 12,
    tags: ['login', 'password-reset', '2fa', 'account'],
    subjects: [
      'Cannot log in to my account',
      'Password reset email never arrives',
      'Locked out after enabling two-factor authentication',
      'Login page keeps reloading in {browser}',
      'Lost my phone, need to reset 2FA',
    ],
    customer: [
      'I cannot log in since this morning, the page just says "{error}".',
      'The password reset email never arrives, I checked the spam folder too.',
      'I lost my phone and cannot get the two-factor code any more.',
      'The login page keeps reloading in {browser} on my {device}.',
    ],
    agent: [
      'I have sent a new password reset link, it is valid for one hour.',
      'I have reset two-factor authentication on your account; you will be asked to set it up again at the next login.',
      'Could you clear the cookies for our site in {browser} and try again?',
      'Our email provider had a delay earlier today; the reset email should arrive now.',
    ],
    notes: [
      'Identity verified with the last four digits of the card on file.',
      'Known issue with {browser} cookies, linked to the engineering ticket.',
    ],
  },
  {
    name: 'account',
    weight: 7,
    tags: ['account', 'cancellation', 'upgrade'],
    subjects: [
      'Upgrade to the {plan} plan',
      'How do I cancel my account?',
      'Change the account owner',
      'Merge two accounts',
      'Add {seats} more seats',
    ],
    customer: [
      'We would like to upgrade to the {plan} plan and add {seats} seats.',
      'How do I cancel my account and export our data first?',
      'Our account owner left the company, please transfer ownership to me.',
      'We accidentally created two accounts, can they be merged?',
    ],
    agent: [
      'I have upgraded your workspace to the {plan} plan; the new seats are available right away.',
      'You can export your data under Settings, then cancel from the Billing page.',
      'To transfer ownership I need a confirmation from an admin of your workspace.',
    ],
    notes: ['Potential churn, offered a discount on the {plan} plan.', 'Ownership change verified by email with the previous owner.'],
  },
  {
    name: 'shipping',
    weight: 12,
    tags: ['shipping', 'delivery-delay'],
    subjects: [
      'Where is my order {order}?',
      'Package marked delivered but not received',
      'Shipping to {country}',
      'Order {order} stuck in transit',
      'Change delivery address for order {order}',
    ],
    customer: [
      'My order {order} has been in transit for {days} days, can you check where it is?',
      'The tracking says delivered but there is no package at my door.',
      'Do you ship to {country}, and how long does it take?',
      'I need to change the delivery address of order {order} before it ships.',
    ],
    agent: [
      'I have contacted the carrier about order {order}; they expect delivery within {days} days.',
      'We ship to {country} with tracked delivery, usually in 3 to 5 business days.',
      'I have updated the delivery address; the order has not left our warehouse yet.',
      'I have opened an investigation with the carrier and will send a replacement if it is not found.',
    ],
    notes: ['Carrier claim opened for order {order}.', 'Warehouse confirmed the parcel left on {weekday}.'],
  },
  {
    name: 'returns',
    weight: 7,
    tags: ['returns', 'damaged-item', 'refund'],
    subjects: ['Item arrived damaged', 'Return label for order {order}', 'Wrong size received', 'Exchange an item from order {order}'],
    customer: [
      'The {product} in order {order} arrived with a cracked case.',
      'I received the wrong size and would like to exchange it.',
      'Could you send me a return label for order {order}?',
    ],
    agent: [
      'Sorry about the damaged {product}; I have shipped a replacement at no cost.',
      'Here is your prepaid return label; the refund starts once the parcel is scanned.',
      'I have arranged an exchange, the new size ships today.',
    ],
    notes: [
      'Photos of the damage received, replacement approved.',
      'Return window exceeded by {days} days, approved as a goodwill gesture.',
    ],
  },
  {
    name: 'bug',
    weight: 12,
    tags: ['bug', 'mobile-app', 'ios', 'android', 'performance'],
    subjects: [
      'App crashes when opening {feature}',
      'Export to CSV is empty',
      '{feature} is very slow since the last update',
      'Error "{error}" on the {device}',
      'Notifications stopped working on {device}',
    ],
    customer: [
      'The app crashes every time I open {feature} on my {device}.',
      'Since the last update {feature} takes more than {seconds} seconds to load.',
      'I get the error "{error}" when I try to save.',
      'The CSV export downloads an empty file.',
      'Push notifications stopped working on my {device} after the update.',
    ],
    agent: [
      'Thanks for the details; I reproduced the crash in {feature} and passed it to our engineers.',
      'A fix for {feature} is included in the release going out this {weekday}.',
      'Could you tell me which app version you are on and send a screenshot of the error?',
      'Reinstalling the app should restore notifications while we work on a permanent fix.',
    ],
    notes: ['Reproduced on {device}, bug filed with engineering.', 'Same stack trace as the other reports this week, linking them.'],
  },
  {
    name: 'feature',
    weight: 7,
    tags: ['feature-request', 'feedback'],
    subjects: ['Feature request: {feature}', 'Dark mode please', 'Suggestion for the {feature} page', 'Bulk edit for {feature}'],
    customer: [
      'It would be great if {feature} supported bulk editing.',
      'Any plans for a dark mode? Our team works late.',
      'We love the product, one suggestion: let us filter {feature} by date.',
    ],
    agent: [
      'Thank you for the suggestion; I have shared it with our product team.',
      'Good news: {feature} improvements are on our roadmap for next quarter.',
    ],
    notes: ['Added a vote to the {feature} request on the roadmap board.'],
  },
  {
    name: 'integration',
    weight: 8,
    tags: ['integration', 'api'],
    subjects: ['Webhook deliveries failing', '{integration} sync stopped', 'API returns 429 too often', 'How to connect {integration}?'],
    customer: [
      'Our {integration} integration stopped syncing on {weekday}.',
      'The API keeps returning 429 although we send only a few requests per second.',
      'Webhook deliveries to our endpoint fail with a timeout.',
      'Is there a guide to connect {integration}?',
    ],
    agent: [
      'The rate limit is per API key; spreading the calls over a minute avoids the 429 responses.',
      'I have re-authorised the {integration} connection; the sync has resumed.',
      'Your endpoint takes longer than 10 seconds to answer, which counts as a failed delivery.',
      'Here is our guide for {integration}; let me know if a step is unclear.',
    ],
    notes: ['Customer logs show expired {integration} token.', 'Checked delivery logs, endpoint answers 502.'],
  },
  {
    name: 'onboarding',
    weight: 5,
    tags: ['onboarding'],
    subjects: ['Getting started with {feature}', 'Training session for our team', 'Import data from {integration}'],
    customer: [
      'We just signed up and would like a short training session for {seats} agents.',
      'How do we import our existing data from {integration}?',
    ],
    agent: [
      'Welcome aboard! I have booked a training session for your team on {weekday}.',
      'You can import from {integration} under Settings, Import; it takes a few minutes.',
    ],
    notes: ['Onboarding call scheduled, customer is on the {plan} trial.'],
  },
  {
    name: 'security',
    weight: 4,
    tags: ['security', '2fa'],
    subjects: ['Suspicious login from {country}', 'Request for our security questionnaire', 'Enforce 2FA for all users'],
    customer: [
      'I received an alert about a login from {country} that was not me.',
      'Our security team needs your completed questionnaire and SOC 2 report.',
      'Can we enforce two-factor authentication for everyone in our workspace?',
    ],
    agent: [
      'I have signed out all sessions and recommend changing your password now.',
      'Our security documentation is attached; the SOC 2 report needs a signed NDA.',
      'Admins can require two-factor authentication under Settings, Security.',
    ],
    notes: ['Login from {country} matched a known VPN exit node.', 'Security questionnaire sent to legal for review.'],
  },
];

/** Tags that fit any topic. */
export const EXTRA_TAGS = ['vip', 'feedback', 'escalated'];

export const SLOTS: Record<string, readonly string[]> = {
  plan: ['Starter', 'Growth', 'Pro', 'Business', 'Enterprise'],
  month: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  weekday: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
  browser: ['Chrome', 'Firefox', 'Safari', 'Edge'],
  device: ['iPhone', 'iPad', 'Android phone', 'Pixel', 'Galaxy tablet', 'MacBook', 'Windows laptop'],
  feature: ['the dashboard', 'reports', 'the inbox', 'the calendar', 'search', 'the contact list', 'invoices', 'team settings'],
  integration: ['Salesforce', 'HubSpot', 'Shopify', 'Slack', 'Zapier', 'Stripe', 'Jira'],
  error: ['Something went wrong', 'Session expired', 'Request timed out', 'Card declined', 'Access denied', 'Unexpected error 500'],
  country: ['Germany', 'Canada', 'Brazil', 'Japan', 'Australia', 'India', 'Spain', 'Kenya', 'Mexico', 'Poland'],
  product: ['headphones', 'coffee grinder', 'desk lamp', 'backpack', 'keyboard', 'water bottle', 'phone case'],
};

export const GREETINGS_CUSTOMER = ['Hi,', 'Hello,', 'Hi team,', 'Hello support,', 'Good morning,', ''];
export const SIGNOFFS_CUSTOMER = ['Thanks, {first}', 'Best regards, {first}', 'Thank you!', 'Cheers, {first}', ''];
export const FOLLOW_UPS_CUSTOMER = [
  'Any update on this?',
  'Thanks, that worked!',
  'It still does not work, I tried again this morning.',
  'Here is the screenshot you asked for.',
  'Great, thank you for the quick help.',
  'Sorry, I forgot to mention this happens on every device.',
];
export const GREETINGS_AGENT = [
  'Hi {customer},',
  'Hello {customer},',
  'Hi {customer}, thanks for reaching out.',
  'Thanks for your patience, {customer}.',
];
export const SIGNOFFS_AGENT = ['Best, {first}', 'Kind regards, {first}', 'Have a great day! {first}', '{first} from Support'];

export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Mateo',
  'Sofia',
  'Lucas',
  'Mia',
  'Ethan',
  'Amelia',
  'Hugo',
  'Chloe',
  'Leo',
  'Zara',
  'Arjun',
  'Priya',
  'Kenji',
  'Yuki',
  'Fatima',
  'Omar',
  'Aisha',
  'Chen',
  'Mei',
  'Lars',
  'Ingrid',
  'Diego',
  'Lucia',
  'Tomasz',
  'Anna',
  'Kwame',
  'Amara',
  'Jonas',
  'Elif',
  'Mehmet',
  'Grace',
  'Samuel',
  'Nora',
  'Felix',
  'Isla',
  'Ravi',
  'Hana',
];
export const LAST_NAMES = [
  'Smith',
  'Garcia',
  'Müller',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Tanaka',
  'Kim',
  'Patel',
  'Nguyen',
  'Silva',
  'Johansson',
  'Okafor',
  'Hernandez',
  'Novak',
  'Jensen',
  'Cohen',
  'Yilmaz',
  'Mensah',
  'Fischer',
  'Lopez',
  'Wang',
  'Singh',
  'Brown',
  'Martin',
  'Costa',
  'Ivanova',
  'Murphy',
  "O'Brien",
  'Schmidt',
  'Sato',
  'Ahmed',
  'Larsen',
  'Moreau',
  'Bianchi',
  'Clark',
];
export const EMAIL_DOMAINS = [
  'gmail.example',
  'outlook.example',
  'yahoo.example',
  'proton.example',
  'acme.example',
  'globex.example',
  'initech.example',
  'umbrella.example',
  'hooli.example',
  'example.com',
  'example.org',
  'example.net',
];
