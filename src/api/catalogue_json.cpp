#include "api/catalogue_json.h"

namespace portal::api {

namespace {

Json FeaturesToJson(const std::vector<Feature>& features) {
    Json list = Json::array();
    for (Feature feature : features) list.push_back(FeatureId(feature));
    return list;
}

void ReadProgram(const Json& json, const std::string& path, Program& program,
                 std::vector<FieldError>& errors) {
    FieldReader reader(json, path, errors);
    reader.String("id", program.id);
    reader.String("name", program.name);
    reader.Bool("assignableToRooms", program.assignable_to_rooms);
    std::vector<std::string> features;
    if (reader.StringList("features", features)) {
        for (size_t i = 0; i < features.size(); ++i) {
            Feature feature;
            if (FeatureFromId(features[i], feature)) {
                program.features.push_back(feature);
            } else {
                errors.push_back({IndexPath(reader.PathOf("features"), i),
                                  "unknown feature \"" + features[i] + "\""});
            }
        }
    }
}

void ReadCountry(const Json& json, const std::string& path, Country& country,
                 std::vector<FieldError>& errors) {
    FieldReader reader(json, path, errors);
    reader.String("code", country.code);
    reader.String("name", country.name);
    const Json* programs = reader.Object("programs");
    if (!programs) return;
    for (auto it = programs->begin(); it != programs->end(); ++it) {
        CountryCondition condition;
        condition.program = it.key();
        FieldReader terms(it.value(), reader.PathOf("programs") + "." + it.key(), errors);
        terms.Bool("available", condition.available);
        terms.String("rmaSpeed", condition.rma_speed, /*required=*/false);
        terms.StringList("supportLanguages", condition.support_languages, /*required=*/false);
        country.conditions.push_back(std::move(condition));
    }
}

template <class T, class ReadOne>
void ReadList(FieldReader& reader, const char* key, std::vector<T>& out,
              std::vector<FieldError>& errors, ReadOne read_one) {
    const Json* list = reader.Array(key);
    if (!list) return;
    for (size_t i = 0; i < list->size(); ++i) {
        T item;
        read_one((*list)[i], IndexPath(key, i), item, errors);
        out.push_back(std::move(item));
    }
}

}  // namespace

Json CatalogueToJson(const Catalogue& catalogue) {
    Json programs = Json::array();
    for (const Program& program : catalogue.programs) {
        programs.push_back({{"id", program.id},
                            {"name", program.name},
                            {"assignableToRooms", program.assignable_to_rooms},
                            {"features", FeaturesToJson(program.features)}});
    }
    Json skus = Json::array();
    for (const Sku& sku : catalogue.skus) {
        skus.push_back({{"id", sku.id}, {"program", sku.program}, {"termYears", sku.term_years}});
    }
    Json products = Json::array();
    for (const Product& product : catalogue.products) {
        products.push_back(
            {{"id", product.id}, {"name", product.name}, {"category", product.category}});
    }
    Json countries = Json::array();
    for (const Country& country : catalogue.countries) {
        Json programs_by_id = Json::object();
        for (const CountryCondition& condition : country.conditions) {
            Json terms = {{"available", condition.available}};
            if (!condition.rma_speed.empty()) terms["rmaSpeed"] = condition.rma_speed;
            if (!condition.support_languages.empty()) {
                terms["supportLanguages"] = condition.support_languages;
            }
            programs_by_id[condition.program] = std::move(terms);
        }
        countries.push_back(
            {{"code", country.code}, {"name", country.name}, {"programs", programs_by_id}});
    }
    const CatalogueRules& rules = catalogue.rules;
    return {{"version", catalogue.version},
            {"rules",
             {{"startGraceDays", rules.start_grace_days},
              {"cancellationDays", rules.cancellation_days},
              {"warrantyCapYears", rules.warranty_cap_years},
              {"roomsPerSparesPool", rules.rooms_per_spares_pool}}},
            {"programs", programs},
            {"skus", skus},
            {"products", products},
            {"countries", countries}};
}

bool CatalogueFromJson(const Json& json, Catalogue& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    if (!root.IsObject()) return false;
    root.Int("version", out.version);
    if (const Json* rules = root.Object("rules")) {
        FieldReader reader(*rules, "rules", errors);
        reader.Int("startGraceDays", out.rules.start_grace_days);
        reader.Int("cancellationDays", out.rules.cancellation_days);
        reader.Int("warrantyCapYears", out.rules.warranty_cap_years);
        reader.Int("roomsPerSparesPool", out.rules.rooms_per_spares_pool);
    }
    ReadList(root, "programs", out.programs, errors, ReadProgram);
    ReadList(root, "skus", out.skus, errors,
             [](const Json& item, const std::string& path, Sku& sku, auto& errs) {
                 FieldReader reader(item, path, errs);
                 reader.String("id", sku.id);
                 reader.String("program", sku.program);
                 reader.Int("termYears", sku.term_years);
             });
    ReadList(root, "products", out.products, errors,
             [](const Json& item, const std::string& path, Product& product, auto& errs) {
                 FieldReader reader(item, path, errs);
                 reader.String("id", product.id);
                 reader.String("name", product.name);
                 reader.String("category", product.category);
             });
    ReadList(root, "countries", out.countries, errors, ReadCountry);
    if (errors.size() != before) return false;
    for (CatalogueProblem& problem : CheckCatalogue(out)) {
        errors.push_back({std::move(problem.path), std::move(problem.message)});
    }
    return errors.size() == before;
}

}  // namespace portal::api
