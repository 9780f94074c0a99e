/** Word lists for realistic seeded data (names, companies, places, plans). */

export const FIRST_NAMES = [
  'Ada', 'Alan', 'Amara', 'Ana', 'Aoife', 'Ben', 'Carla', 'Chen', 'Chloe', 'Dara', 'David', 'Diego', 'Elena',
  'Emma', 'Farah', 'Fatima', 'Finn', 'Grace', 'Hana', 'Hugo', 'Ines', 'Isaac', 'Jade', 'James', 'Jonas', 'Julia',
  'Kai', 'Kenji', 'Laila', 'Leo', 'Lina', 'Lucas', 'Maya', 'Mei', 'Mohammed', 'Nadia', 'Nia', 'Noah', 'Olga',
  'Omar', 'Pablo', 'Priya', 'Quinn', 'Rafael', 'Rosa', 'Sam', 'Sara', 'Sofia', 'Tariq', 'Tomas', 'Uma', 'Victor',
  'Wei', 'Yara', 'Yusuf', 'Zoe',
] as const; // prettier-ignore

export const LAST_NAMES = [
  'Adeyemi', 'Alvarez', 'Andersen', 'Brennan', 'Byrne', 'Chen', 'Costa', 'Dubois', 'Eriksson', 'Fischer', 'Garcia',
  'Gupta', 'Haddad', 'Hansen', 'Ito', 'Jansen', 'Kaur', 'Kim', 'Kowalski', 'Lopez', 'Martin', 'Murphy', 'Nakamura',
  'Nguyen', 'Novak', "O'Brien", 'Okafor', 'Patel', 'Petrov', 'Rossi', 'Santos', 'Schmidt', 'Silva', 'Singh',
  'Tanaka', 'Walsh', 'Weber', 'Williams', 'Yilmaz', 'Zhang',
] as const; // prettier-ignore

export const COMPANY_PREFIXES = [
  'Acme', 'Apex', 'Blue', 'Bright', 'Cedar', 'Cobalt', 'Delta', 'Echo', 'Ember', 'Fern', 'Granite', 'Harbor', 'Iron',
  'Juniper', 'Kite', 'Lumen', 'Maple', 'Nimbus', 'North', 'Onyx', 'Orbit', 'Pioneer', 'Quartz', 'River', 'Sage',
  'Summit', 'Tidal', 'Umber', 'Vertex', 'Willow', 'Zenith',
] as const; // prettier-ignore

export const COMPANY_SUFFIXES = [
  'Analytics', 'Labs', 'Systems', 'Logistics', 'Health', 'Bank', 'Studio', 'Robotics', 'Foods', 'Energy', 'Media',
  'Software', 'Networks', 'Capital', 'Works', 'Cloud',
] as const; // prettier-ignore

export const INDUSTRIES = [
  'SaaS',
  'Fintech',
  'Healthcare',
  'E-commerce',
  'Logistics',
  'Media',
  'Manufacturing',
  'Education',
] as const;

export const PLANS = ['free', 'starter', 'growth', 'enterprise'] as const;

export const FREE_MAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com'] as const;

export const PLACES: readonly {
  city: string;
  region: string;
  country: string;
  countryCode: string;
  continent: string;
}[] = [
  { city: 'Dublin', region: 'Leinster', country: 'Ireland', countryCode: 'IE', continent: 'EU' },
  { city: 'London', region: 'England', country: 'United Kingdom', countryCode: 'GB', continent: 'EU' },
  { city: 'Paris', region: 'Ile-de-France', country: 'France', countryCode: 'FR', continent: 'EU' },
  { city: 'Berlin', region: 'Berlin', country: 'Germany', countryCode: 'DE', continent: 'EU' },
  { city: 'San Francisco', region: 'California', country: 'United States', countryCode: 'US', continent: 'NA' },
  { city: 'New York', region: 'New York', country: 'United States', countryCode: 'US', continent: 'NA' },
  { city: 'Toronto', region: 'Ontario', country: 'Canada', countryCode: 'CA', continent: 'NA' },
  { city: 'Sao Paulo', region: 'Sao Paulo', country: 'Brazil', countryCode: 'BR', continent: 'SA' },
  { city: 'Sydney', region: 'New South Wales', country: 'Australia', countryCode: 'AU', continent: 'OC' },
  { city: 'Tokyo', region: 'Tokyo', country: 'Japan', countryCode: 'JP', continent: 'AS' },
  { city: 'Bangalore', region: 'Karnataka', country: 'India', countryCode: 'IN', continent: 'AS' },
  { city: 'Lagos', region: 'Lagos', country: 'Nigeria', countryCode: 'NG', continent: 'AF' },
];

export const BROWSERS = ['chrome', 'firefox', 'safari', 'edge'] as const;
export const OPERATING_SYSTEMS = ['Windows 11', 'OS X 14.4', 'Linux', 'iOS 17.4', 'Android 14'] as const;
export const LANGUAGES = ['en', 'fr', 'de', 'es', 'pt', 'ja'] as const;

export const TAG_NAMES = [
  'VIP', 'Beta tester', 'Churn risk', 'Newsletter', 'Webinar attendee', 'Trial', 'Champion', 'Decision maker',
  'Onboarding', 'Support priority', 'Partner', 'Early adopter', 'Conference 2024', 'Product feedback',
] as const; // prettier-ignore

export const CONVERSATION_SUBJECTS = [
  'Question about billing',
  'Cannot export my report',
  'Feature request: SSO',
  'How do I invite teammates?',
  'Integration with Salesforce',
] as const;
