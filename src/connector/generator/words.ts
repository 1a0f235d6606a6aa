/** Small built-in word lists for the faker-style helpers (no faker dependency; enough variety for demos). */
export const FIRST_NAMES = ["Ana", "Bruno", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kaito", "Lea", "Mateo", "Nora", "Omar", "Paula", "Quentin", "Rosa", "Sami", "Tove"];
export const LAST_NAMES = ["Garcia", "Silva", "Virtanen", "Martin", "Smith", "Nguyen", "Kowalski", "Rossi", "Muller", "Jensen", "Tanaka", "Okafor", "Haddad", "Novak", "Larsen"];
export const JOB_TITLES = ["Data Engineer", "Analyst", "Product Manager", "Site Reliability Engineer", "Designer", "Architect"];
export const CITIES = ["Madrid", "Lisbon", "Helsinki", "Paris", "Seattle", "Berlin", "Tokyo", "Lagos", "Oslo", "Porto"];
export const COUNTRIES = ["Spain", "Portugal", "Finland", "France", "United States", "Germany", "Japan", "Nigeria", "Norway"];
export const COUNTRY_CODES = ["ES", "PT", "FI", "FR", "US", "DE", "JP", "NG", "NO"];
export const STATES = ["Washington", "Oregon", "California", "Texas", "New York", "Ohio"];
export const STREETS = ["Main St", "High St", "Rua Augusta", "Calle Mayor", "Mannerheimintie", "Rue de Rivoli"];
export const DOMAINS = ["example.com", "example.org", "example.net"];
export const LOREM = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua".split(" ");
export const PRODUCTS = ["Chair", "Table", "Keyboard", "Lamp", "Shoes", "Bike", "Phone", "Cheese", "Coffee"];
export const ADJECTIVES = ["Small", "Ergonomic", "Rustic", "Sleek", "Refined", "Handmade"];
export const COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay"];
export const USER_AGENTS = ["Mozilla/5.0 (X11; Linux x86_64)", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)", "curl/8.5.0"];
