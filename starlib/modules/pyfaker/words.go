package pyfaker

// Small built-in word lists (en_US flavour). They are data, never mutated.
var (
	firstNames = []string{"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
		"David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Christopher", "Nancy",
		"Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra", "Donald", "Ashley", "Steven", "Kimberly",
		"Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle", "Kevin", "Carol", "Brian", "Amanda", "George", "Melissa",
		"Timothy", "Deborah", "Ronald", "Stephanie", "Jason", "Rebecca", "Ryan", "Laura", "Jacob", "Sharon", "Gary", "Cynthia",
		"Nicholas", "Kathleen", "Eric", "Amy", "Jonathan", "Angela", "Stephen", "Shirley", "Larry", "Anna", "Justin", "Brenda"}
	lastNames = []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
		"Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez",
		"Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King",
		"Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera",
		"Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz",
		"Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz"}
	cities = []string{"Springfield", "Riverside", "Franklin", "Greenville", "Bristol", "Clinton", "Fairview", "Salem",
		"Madison", "Georgetown", "Arlington", "Ashland", "Burlington", "Manchester", "Milton", "Newport", "Oxford", "Dover",
		"Hudson", "Kingston", "Lexington", "Marion", "Mount Vernon", "Oakland", "Plymouth", "Auburn", "Dayton", "Jackson",
		"Lakewood", "Winchester", "Centerville", "Clayton", "Dublin", "Florence", "Lebanon", "Monroe", "Portland", "Troy"}
	citySuffixes = []string{"", "", "", " Heights", " Springs", "ville", " City", "port", " Falls", "burgh"}
	states       = [][2]string{{"Alabama", "AL"}, {"Arizona", "AZ"}, {"California", "CA"}, {"Colorado", "CO"}, {"Florida", "FL"},
		{"Georgia", "GA"}, {"Illinois", "IL"}, {"Indiana", "IN"}, {"Kansas", "KS"}, {"Kentucky", "KY"}, {"Maine", "ME"},
		{"Maryland", "MD"}, {"Michigan", "MI"}, {"Minnesota", "MN"}, {"Missouri", "MO"}, {"Nevada", "NV"}, {"New York", "NY"},
		{"Ohio", "OH"}, {"Oregon", "OR"}, {"Pennsylvania", "PA"}, {"Tennessee", "TN"}, {"Texas", "TX"}, {"Utah", "UT"},
		{"Virginia", "VA"}, {"Washington", "WA"}, {"Wisconsin", "WI"}}
	streetNames    = []string{"Main", "Oak", "Pine", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "View", "Church", "Mill", "River", "Sunset", "Highland", "Forest", "Meadow", "Spring", "Willow"}
	streetSuffixes = []string{"Street", "Avenue", "Road", "Lane", "Drive", "Court", "Way", "Place", "Boulevard", "Terrace"}
	countries      = [][2]string{{"Argentina", "AR"}, {"Australia", "AU"}, {"Austria", "AT"}, {"Belgium", "BE"}, {"Brazil", "BR"},
		{"Canada", "CA"}, {"Chile", "CL"}, {"China", "CN"}, {"Colombia", "CO"}, {"Czech Republic", "CZ"}, {"Denmark", "DK"},
		{"Egypt", "EG"}, {"Finland", "FI"}, {"France", "FR"}, {"Germany", "DE"}, {"Greece", "GR"}, {"Hungary", "HU"},
		{"India", "IN"}, {"Indonesia", "ID"}, {"Ireland", "IE"}, {"Israel", "IL"}, {"Italy", "IT"}, {"Japan", "JP"},
		{"Kenya", "KE"}, {"Mexico", "MX"}, {"Netherlands", "NL"}, {"New Zealand", "NZ"}, {"Nigeria", "NG"}, {"Norway", "NO"},
		{"Peru", "PE"}, {"Poland", "PL"}, {"Portugal", "PT"}, {"Romania", "RO"}, {"South Africa", "ZA"}, {"South Korea", "KR"},
		{"Spain", "ES"}, {"Sweden", "SE"}, {"Switzerland", "CH"}, {"Thailand", "TH"}, {"Turkey", "TR"}, {"Ukraine", "UA"},
		{"United Kingdom", "GB"}, {"United States", "US"}, {"Vietnam", "VN"}}
	companySuffixes = []string{"Inc", "LLC", "Ltd", "Group", "PLC", "and Sons"}
	jobs            = []string{"Software engineer", "Accountant", "Teacher", "Nurse", "Architect", "Chef", "Data scientist", "Designer",
		"Electrician", "Journalist", "Lawyer", "Mechanic", "Pharmacist", "Photographer", "Pilot", "Product manager", "Sales representative", "Surveyor"}
	domains    = []string{"example.com", "example.org", "example.net"}
	tlds       = []string{"com", "org", "net", "info", "biz"}
	loremWords = []string{"lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do",
		"eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim", "ad", "minim", "veniam",
		"quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi", "aliquip", "ex", "ea", "commodo", "consequat", "duis",
		"aute", "irure", "in", "reprehenderit", "voluptate", "velit", "esse", "cillum", "fugiat", "nulla", "pariatur",
		"excepteur", "sint", "occaecat", "cupidatat", "non", "proident", "sunt", "culpa", "qui", "officia", "deserunt",
		"mollit", "anim", "id", "est", "laborum", "vitae", "fames", "ac", "turpis", "egestas", "integer", "feugiat",
		"pretium", "nibh", "mauris", "cursus", "mattis", "molestie", "nunc", "viverra", "tellus", "massa", "tincidunt"}
	userAgents = []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
		"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"}
	phoneFormats = []string{"###-###-####", "(###)###-####", "###.###.####", "+1-###-###-####", "001-###-###-####x###"}
)
