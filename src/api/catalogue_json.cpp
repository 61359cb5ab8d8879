#include "api/catalogue_json.h"

#include <cstdio>

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
    reader.String("nameFr", program.name_fr, /*required=*/false);
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
    reader.String("nameFr", country.name_fr, /*required=*/false);
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

// {"features":{"insights":{"en":"Insights","fr":"Insights"},...},"rmaSpeeds":{...},...}
void ReadLabels(const Json& json,
                std::map<std::string, std::map<std::string, LabelPair>, std::less<>>& out,
                std::vector<FieldError>& errors) {
    FieldReader reader(json, "labels", errors);
    if (!reader.IsObject()) return;
    for (auto kind = json.begin(); kind != json.end(); ++kind) {
        FieldReader terms(kind.value(), reader.PathOf(kind.key()), errors);
        if (!terms.IsObject()) {
            errors.push_back({reader.PathOf(kind.key()), "must be an object"});
            continue;
        }
        auto& labels = out[kind.key()];
        for (auto term = kind.value().begin(); term != kind.value().end(); ++term) {
            FieldReader label(term.value(), terms.PathOf(term.key()), errors);
            if (!label.IsObject()) {
                errors.push_back({terms.PathOf(term.key()), "must be an object {en, fr}"});
                continue;
            }
            LabelPair& pair = labels[term.key()];
            label.String("en", pair.en);
            label.String("fr", pair.fr);
        }
    }
}

Json LabelsToJson(
    const std::map<std::string, std::map<std::string, LabelPair>, std::less<>>& labels) {
    Json json = Json::object();
    for (const auto& [kind, terms] : labels) {
        Json entries = Json::object();
        for (const auto& [id, pair] : terms) entries[id] = {{"en", pair.en}, {"fr", pair.fr}};
        json[kind] = std::move(entries);
    }
    return json;
}

// "HH:MM" (00:00 to 24:00) as minutes after midnight.
bool MinutesFromClock(const std::string& text, int& out) {
    if (text.size() != 5 || text[2] != ':') return false;
    for (size_t i : {0u, 1u, 3u, 4u}) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    int hours = (text[0] - '0') * 10 + (text[1] - '0');
    int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return false;
    out = hours * 60 + minutes;
    return true;
}

std::string ClockFromMinutes(int minutes) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d", (minutes / 60) % 100, minutes % 60);
    return text;
}

void ReadClock(FieldReader& reader, const char* key, int& out) {
    std::string text;
    if (!reader.String(key, text)) return;
    if (!MinutesFromClock(text, out))
        reader.Fail(key, "must be a time \"HH:MM\" from 00:00 to 24:00");
}

void ReadHours(const Json& json, const std::string& path, BusinessHours& hours,
               std::vector<FieldError>& errors) {
    FieldReader reader(json, path, errors);
    if (!reader.IsObject()) return;
    reader.Bool("always", hours.always, /*required=*/false);
    if (hours.always) return;  // 24/7: nothing else is read
    if (const Json* days = reader.Array("weekdays")) {
        for (size_t i = 0; i < days->size(); ++i) {
            const Json& day = (*days)[i];
            if (!day.is_number_integer()) {
                errors.push_back({IndexPath(reader.PathOf("weekdays"), i),
                                  "must be a weekday number, 1 (Monday) to 7 (Sunday)"});
                continue;
            }
            hours.weekdays.push_back(day.get<int>());
        }
    }
    ReadClock(reader, "start", hours.start_minute);
    ReadClock(reader, "end", hours.end_minute);
}

void ReadServiceLevel(const Json& json, const std::string& path, ServiceLevelSpec& level,
                      std::vector<FieldError>& errors) {
    FieldReader reader(json, path, errors);
    if (!reader.IsObject()) return;
    reader.String("id", level.id);
    reader.String("name", level.name);
    reader.String("nameFr", level.name_fr);
    reader.String("program", level.program, /*required=*/false);
    reader.Int("setupDays", level.setup_days, /*required=*/false);
    if (const Json* hours = reader.Object("hours")) {
        ReadHours(*hours, reader.PathOf("hours"), level.hours, errors);
    }
    if (const Json* targets = reader.Array("targets")) {
        for (size_t i = 0; i < targets->size(); ++i) {
            FieldReader entry((*targets)[i], IndexPath(reader.PathOf("targets"), i), errors);
            ServiceTarget& target = level.targets.emplace_back();
            entry.String("severity", target.severity);
            entry.Int("firstResponseMinutes", target.first_response_minutes);
            entry.Int("resolutionMinutes", target.resolution_minutes);
        }
    }
}

Json ServiceLevelToJson(const ServiceLevelSpec& level) {
    Json hours = Json::object();
    if (level.hours.always) {
        hours["always"] = true;
    } else {
        hours["weekdays"] = level.hours.weekdays;
        hours["start"] = ClockFromMinutes(level.hours.start_minute);
        hours["end"] = ClockFromMinutes(level.hours.end_minute);
    }
    Json targets = Json::array();
    for (const ServiceTarget& target : level.targets) {
        targets.push_back({{"severity", target.severity},
                           {"firstResponseMinutes", target.first_response_minutes},
                           {"resolutionMinutes", target.resolution_minutes}});
    }
    Json json = {{"id", level.id}, {"name", level.name}, {"nameFr", level.name_fr}};
    if (!level.program.empty()) json["program"] = level.program;
    if (level.setup_days != 0) json["setupDays"] = level.setup_days;
    json["hours"] = std::move(hours);
    json["targets"] = std::move(targets);
    return json;
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
        Json entry = {{"id", program.id}, {"name", program.name}};
        if (!program.name_fr.empty()) entry["nameFr"] = program.name_fr;
        entry["assignableToRooms"] = program.assignable_to_rooms;
        entry["features"] = FeaturesToJson(program.features);
        programs.push_back(std::move(entry));
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
        Json entry = {{"code", country.code}, {"name", country.name}};
        if (!country.name_fr.empty()) entry["nameFr"] = country.name_fr;
        entry["programs"] = std::move(programs_by_id);
        countries.push_back(std::move(entry));
    }
    Json service_levels = Json::array();
    for (const ServiceLevelSpec& level : catalogue.service_levels) {
        service_levels.push_back(ServiceLevelToJson(level));
    }
    const CatalogueRules& rules = catalogue.rules;
    return {{"version", catalogue.version},
            {"rules",
             {{"startGraceDays", rules.start_grace_days},
              {"cancellationDays", rules.cancellation_days},
              {"warrantyCapYears", rules.warranty_cap_years},
              {"roomsPerSparesPool", rules.rooms_per_spares_pool},
              {"ticketAutoCloseDays", rules.ticket_auto_close_days}}},
            {"programs", programs},
            {"skus", skus},
            {"products", products},
            {"countries", countries},
            {"labels", LabelsToJson(catalogue.labels)},
            {"serviceLevels", service_levels}};
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
        reader.Int("ticketAutoCloseDays", out.rules.ticket_auto_close_days);
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
    if (const Json* labels = root.Object("labels")) ReadLabels(*labels, out.labels, errors);
    ReadList(root, "serviceLevels", out.service_levels, errors, ReadServiceLevel);
    if (errors.size() != before) return false;
    for (CatalogueProblem& problem : CheckCatalogue(out)) {
        errors.push_back({std::move(problem.path), std::move(problem.message)});
    }
    return errors.size() == before;
}

}  // namespace portal::api
