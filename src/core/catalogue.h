// The service catalogue: programs, SKUs, supported products and countries, as data.
// Loaded from assets/catalogue.json (see api/catalogue_json.h); nothing here is hard-coded in
// the rules, which read their parameters (grace days, warranty cap, ...) from CatalogueRules.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace portal {

// A feature a program grants (R-SKU-1, R-GATE-*).
enum class Feature { Insights, Alerts, Support, Warranty, Rma, Spares, SuccessManager };

const char* FeatureId(Feature feature);
bool FeatureFromId(const std::string& id, Feature& out);

struct Program {
    std::string id;                    // "select", "syncplus", "extwarranty"
    std::string name;                  // shown to users
    bool assignable_to_rooms = false;  // R-ROOM-6: extended warranty covers devices, not rooms
    std::vector<Feature> features;
    std::string name_fr;  // French; the name when empty (brand names are not translated)
};

struct Sku {
    std::string id;       // "SELECT-3Y"
    std::string program;  // Program::id
    int term_years = 0;   // R-SKU-2
};

struct Product {
    std::string id;
    std::string name;
    std::string category;
};

// What a program is like in one country (R-ROOM-5).
struct CountryCondition {
    std::string program;
    bool available = true;
    std::string rma_speed;  // e.g. "next-business-day", "best-effort"
    std::vector<std::string> support_languages;
};

struct Country {
    std::string code;  // ISO 3166-1 alpha-2
    std::string name;
    std::vector<CountryCondition> conditions;
    std::string name_fr;  // French
};

// One catalogue term in both languages the portal speaks (issue 16).
struct LabelPair {
    std::string en;
    std::string fr;
};

// The kinds of terms that have labels: Catalogue::labels' keys, and Catalogue::Label's kinds
// (which also answers kProgramLabels and kCountryLabels from the programs and countries).
inline constexpr std::string_view kFeatureLabels = "features";
inline constexpr std::string_view kRmaSpeedLabels = "rmaSpeeds";
inline constexpr std::string_view kCategoryLabels = "productCategories";
inline constexpr std::string_view kProgramLabels = "programs";
inline constexpr std::string_view kCountryLabels = "countries";

// Parameters of the rules, kept in the catalogue so that they are data, not code.
struct CatalogueRules {
    int start_grace_days = 60;       // R-TERM-1
    int cancellation_days = 30;      // R-ORD-7
    int warranty_cap_years = 5;      // R-SKU-3
    int rooms_per_spares_pool = 50;  // R-SPARE-1
    int ticket_auto_close_days = 7;  // a resolved ticket closes by itself after (issue 14)
};

// When a service level's clock runs, in the ticket's time zone.
struct BusinessHours {
    bool always = false;        // 24/7: the rest is ignored
    std::vector<int> weekdays;  // 1 = Monday ... 7 = Sunday
    int start_minute = 0;       // after local midnight
    int end_minute = 0;         // exclusive, > start_minute
};

// A service level's targets for one severity, in business minutes.
struct ServiceTarget {
    std::string severity;  // "critical", "high", "normal", "low" (core/support.h)
    int first_response_minutes = 0;
    int resolution_minutes = 0;
};

// A support service level (issue 14, R-SUP-3): who gets it and how fast they are answered.
struct ServiceLevelSpec {
    std::string id;       // "select", "jumpstart", "standard"
    std::string name;     // English
    std::string name_fr;  // French
    std::string program;  // granted by a license (or contract) of this program; empty: not
    int setup_days = 0;   // granted while a device is within this many days of its purchase
    BusinessHours hours;
    std::vector<ServiceTarget> targets;

    const ServiceTarget* FindTarget(const std::string& severity) const;
};

struct Catalogue {
    int version = 0;
    CatalogueRules rules;
    std::vector<Program> programs;
    std::vector<Sku> skus;
    std::vector<Product> products;
    std::vector<Country> countries;
    std::vector<ServiceLevelSpec> service_levels;
    // kind ("features", "rmaSpeeds", "productCategories") -> id -> label.
    std::map<std::string, std::map<std::string, LabelPair>, std::less<>> labels;

    const Program* FindProgram(const std::string& id) const;
    const Sku* FindSku(const std::string& id) const;
    const Product* FindProduct(const std::string& id) const;
    // What people type for a product: its id in any case ("Rally-Bar"), or its name in any case
    // with all whitespace ignored ("rally bar", " RALLY  BAR ", "RallyBar"). Ids win over names.
    const Product* FindProductByNameOrId(std::string_view text) const;
    const Country* FindCountry(const std::string& code) const;
    const ServiceLevelSpec* FindServiceLevel(const std::string& id) const;
    // What users read for a term: a feature, RMA speed, product category, program or country
    // (by kind, see kFeatureLabels...) in English or French; the id itself when unknown, so a
    // newer server's term still shows something.
    std::string Label(std::string_view kind, std::string_view id, bool french) const;
};

// One thing wrong with a catalogue, located by a JSON-like path ("skus[3].program").
struct CatalogueProblem {
    std::string path;
    std::string message;
};

// Cross-checks that a well-formed catalogue is also consistent: unique ids, SKUs that name a
// known program, terms within range, countries that name known programs.
std::vector<CatalogueProblem> CheckCatalogue(const Catalogue& catalogue);

}  // namespace portal
