import Foundation

/// The word lists the seeded world is built from. Plain ASCII, so e-mail addresses and domains
/// derived from them need no transliteration.
enum SeedVocabulary {
    static let firstNames = [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
        "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra", "Steven", "Ashley",
        "Paul", "Emily", "Andrew", "Michelle", "Joshua", "Amanda", "Kevin", "Melissa", "Brian", "Stephanie",
        "Priya", "Arjun", "Wei", "Mei", "Hiroshi", "Yuki", "Carlos", "Sofia", "Mateo", "Lucia",
        "Lukas", "Hannah", "Jonas", "Lea", "Olivier", "Camille", "Sven", "Ingrid", "Aisha", "Omar",
        "Fatima", "Kwame", "Amara", "Dmitri", "Elena", "Noah", "Olivia", "Liam", "Emma", "Ethan",
    ]

    static let lastNames = [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
        "Patel", "Shah", "Chen", "Wang", "Tanaka", "Sato", "Muller", "Schmidt", "Fischer", "Weber",
        "Dubois", "Moreau", "Rossi", "Bianchi", "Larsen", "Nielsen", "Okafor", "Mensah", "Ivanov", "Kowalski",
        "OBrien", "Murphy", "Kelly", "Campbell", "Stewart", "Morris", "Rogers", "Reed", "Cook", "Bailey",
    ]

    static let companyStems = [
        "Northwind", "Contoso", "Fabrikam", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Wayne", "Stark",
        "Acme", "Tyrell", "Cyberdyne", "Soylent", "Wonka", "Gringotts", "Oscorp", "Aperture", "Massive", "Dunder",
        "Bluth", "Pied", "Nakatomi", "Monarch", "Prestige", "Sterling", "Blue Harbor", "Red Rock", "Silver Lake", "Granite",
        "Evergreen", "Summit", "Pinnacle", "Horizon", "Meridian", "Atlas", "Beacon", "Cascade", "Falcon", "Orion",
        "Quantum", "Vertex", "Zenith", "Nimbus", "Polaris", "Redwood", "Sequoia", "Tidewater", "Keystone", "Ironclad",
        "Brightpath", "Clearwater", "Driftwood", "Emberly", "Foxglove", "Goldcrest", "Highland", "Juniper", "Lighthouse", "Maple",
    ]

    static let companyNouns = [
        "Analytics", "Logistics", "Systems", "Labs", "Dynamics", "Health", "Energy", "Robotics", "Foods", "Capital",
        "Networks", "Software", "Bio", "Media", "Motors", "Textiles", "Pharma", "Security", "Cloud", "Retail",
        "Aerospace", "Foundry", "Materials", "Insurance", "Learning", "Freight", "Telecom", "Solar", "Water", "Studios",
    ]

    static let legalSuffixes = ["Inc.", "LLC", "Corp.", "Ltd.", "GmbH", "Group", "Co.", "", "", ""]

    static let topLevelDomains = ["com", "com", "com", "io", "co", "net", "ai"]

    static let industries = [
        "Software", "Financial Services", "Healthcare", "Manufacturing", "Retail", "Logistics",
        "Energy", "Education", "Media", "Telecommunications", "Biotechnology", "Real Estate",
        "Insurance", "Automotive", "Consumer Goods", "Professional Services",
    ]

    struct City { let name: String; let country: String; let currency: String; let dialPrefix: String }

    static let cities = [
        City(name: "San Francisco", country: "US", currency: "USD", dialPrefix: "+1 415"),
        City(name: "New York", country: "US", currency: "USD", dialPrefix: "+1 212"),
        City(name: "Austin", country: "US", currency: "USD", dialPrefix: "+1 512"),
        City(name: "Chicago", country: "US", currency: "USD", dialPrefix: "+1 312"),
        City(name: "Seattle", country: "US", currency: "USD", dialPrefix: "+1 206"),
        City(name: "Boston", country: "US", currency: "USD", dialPrefix: "+1 617"),
        City(name: "Denver", country: "US", currency: "USD", dialPrefix: "+1 303"),
        City(name: "Atlanta", country: "US", currency: "USD", dialPrefix: "+1 404"),
        City(name: "Toronto", country: "CA", currency: "USD", dialPrefix: "+1 416"),
        City(name: "London", country: "GB", currency: "GBP", dialPrefix: "+44 20"),
        City(name: "Manchester", country: "GB", currency: "GBP", dialPrefix: "+44 161"),
        City(name: "Berlin", country: "DE", currency: "EUR", dialPrefix: "+49 30"),
        City(name: "Munich", country: "DE", currency: "EUR", dialPrefix: "+49 89"),
        City(name: "Paris", country: "FR", currency: "EUR", dialPrefix: "+33 1"),
        City(name: "Amsterdam", country: "NL", currency: "EUR", dialPrefix: "+31 20"),
        City(name: "Madrid", country: "ES", currency: "EUR", dialPrefix: "+34 91"),
    ]
    /// Most of the seller's customers are in North America, as for a typical US SaaS vendor.
    static let cityWeights: [Double] = [10, 10, 6, 6, 6, 5, 4, 4, 3, 5, 2, 3, 2, 2, 2, 1]

    /// Job titles by seniority, most senior first; DealSync's scorer reads contact seniority.
    static let titlesBySeniority: [[String]] = [
        ["Chief Executive Officer", "Chief Financial Officer", "Chief Technology Officer", "Chief Operating Officer"],
        ["VP of Sales", "VP of Engineering", "VP of Operations", "VP of Marketing"],
        ["Director of IT", "Director of Procurement", "Director of Finance", "Head of Data"],
        ["IT Manager", "Procurement Manager", "Engineering Manager", "Operations Manager"],
        ["Software Engineer", "Business Analyst", "Account Coordinator", "Data Analyst", "Buyer"],
    ]
    static let seniorityWeights: [Double] = [1, 2, 3, 4, 5]

    static let dealProducts = [
        "Platform license", "Enterprise renewal", "Expansion", "Pilot", "Professional services",
        "Data add-on", "Multi-year agreement", "Support upgrade", "New business", "Upsell",
    ]
}
