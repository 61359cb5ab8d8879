// The catalogue file in assets/ and its JSON mapping.
#include "api/catalogue_json.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace portal::api {
namespace {

Json LoadAssetCatalogue() {
    std::ifstream file(std::string(PORTAL_ASSETS_DIR) + "/catalogue.json");
    std::stringstream text;
    text << file.rdbuf();
    Json json;
    std::string error;
    EXPECT_TRUE(ParseJson(text.str(), json, error)) << error;
    return json;
}

TEST(CatalogueJson, ShippedCatalogueIsValid) {  // R-SKU-1, R-SKU-2
    Catalogue catalogue;
    std::vector<FieldError> errors;
    ASSERT_TRUE(CatalogueFromJson(LoadAssetCatalogue(), catalogue, errors))
        << errors.front().field << ": " << errors.front().message;
    EXPECT_EQ(catalogue.programs.size(), 3u);
    for (const char* id : {"SELECT-1Y", "SELECT-2Y", "SELECT-3Y", "SELECT-4Y", "SELECT-5Y",
                           "SYNCPLUS-1Y", "EXTWARRANTY-1Y", "EXTWARRANTY-2Y", "EXTWARRANTY-3Y"}) {
        EXPECT_NE(catalogue.FindSku(id), nullptr) << id;
    }
    EXPECT_EQ(catalogue.FindSku("SELECT-4Y")->term_years, 4);
    EXPECT_EQ(catalogue.FindSku("SYNCPLUS-1Y")->program, "syncplus");
    // R-ROOM-6: only Select and Sync Plus are assigned to rooms.
    EXPECT_TRUE(catalogue.FindProgram("select")->assignable_to_rooms);
    EXPECT_TRUE(catalogue.FindProgram("syncplus")->assignable_to_rooms);
    EXPECT_FALSE(catalogue.FindProgram("extwarranty")->assignable_to_rooms);
    EXPECT_EQ(catalogue.rules.start_grace_days, 60);
    EXPECT_EQ(catalogue.rules.cancellation_days, 30);
    EXPECT_EQ(catalogue.rules.warranty_cap_years, 5);
    EXPECT_EQ(catalogue.rules.rooms_per_spares_pool, 50);
    EXPECT_EQ(catalogue.rules.ticket_auto_close_days, 7);
    // Issue 14 (R-SUP-3): select around the clock, jumpstart and standard in office hours.
    ASSERT_EQ(catalogue.service_levels.size(), 3u);
    const ServiceLevelSpec* select = catalogue.FindServiceLevel("select");
    ASSERT_NE(select, nullptr);
    EXPECT_EQ(select->program, "select");
    EXPECT_TRUE(select->hours.always);
    EXPECT_FALSE(select->name_fr.empty());
    const ServiceLevelSpec* jumpstart = catalogue.FindServiceLevel("jumpstart");
    ASSERT_NE(jumpstart, nullptr);
    EXPECT_EQ(jumpstart->setup_days, 90);
    EXPECT_EQ(jumpstart->hours.weekdays, (std::vector<int>{1, 2, 3, 4, 5}));
    EXPECT_EQ(jumpstart->hours.start_minute, 8 * 60);
    EXPECT_EQ(jumpstart->hours.end_minute, 18 * 60);
    const ServiceLevelSpec* standard = catalogue.FindServiceLevel("standard");
    ASSERT_NE(standard, nullptr);
    EXPECT_EQ(standard->hours.start_minute, 9 * 60);
    ASSERT_NE(standard->FindTarget("low"), nullptr);
    EXPECT_GT(standard->FindTarget("critical")->first_response_minutes,
              select->FindTarget("critical")->first_response_minutes);
}

TEST(CatalogueJson, RoundTripIsLossless) {
    Catalogue first;
    std::vector<FieldError> errors;
    ASSERT_TRUE(CatalogueFromJson(LoadAssetCatalogue(), first, errors));
    Json written = CatalogueToJson(first);
    Catalogue second;
    ASSERT_TRUE(CatalogueFromJson(written, second, errors));
    EXPECT_EQ(CatalogueToJson(second), written);
}

TEST(CatalogueJson, ShapeErrorsNameTheirPath) {
    Json json = LoadAssetCatalogue();
    json["skus"][2]["termYears"] = "three";
    json["programs"][0]["features"].push_back("teleportation");
    json.erase("countries");
    Catalogue catalogue;
    std::vector<FieldError> errors;
    EXPECT_FALSE(CatalogueFromJson(json, catalogue, errors));
    std::vector<std::string> paths;
    for (const auto& error : errors) paths.push_back(error.field);
    EXPECT_NE(std::find(paths.begin(), paths.end(), "skus[2].termYears"), paths.end());
    EXPECT_NE(std::find(paths.begin(), paths.end(), "programs[0].features[7]"), paths.end());
    EXPECT_NE(std::find(paths.begin(), paths.end(), "countries"), paths.end());
}

TEST(CatalogueJson, ServiceLevelShapeErrorsNameTheirPath) {
    Json json = LoadAssetCatalogue();
    json["serviceLevels"][1]["hours"]["start"] = "8h";
    json["serviceLevels"][1]["hours"]["weekdays"].push_back("Sunday");
    json["serviceLevels"][2]["targets"][0].erase("resolutionMinutes");
    json["serviceLevels"][2]["hours"]["end"] = "24:30";
    Catalogue catalogue;
    std::vector<FieldError> errors;
    EXPECT_FALSE(CatalogueFromJson(json, catalogue, errors));
    std::vector<std::string> paths;
    for (const auto& error : errors) paths.push_back(error.field);
    EXPECT_NE(std::find(paths.begin(), paths.end(), "serviceLevels[1].hours.start"), paths.end());
    EXPECT_NE(std::find(paths.begin(), paths.end(), "serviceLevels[1].hours.weekdays[5]"),
              paths.end());
    EXPECT_NE(
        std::find(paths.begin(), paths.end(), "serviceLevels[2].targets[0].resolutionMinutes"),
        paths.end());
    EXPECT_NE(std::find(paths.begin(), paths.end(), "serviceLevels[2].hours.end"), paths.end());
    // Twenty-four o'clock ends a day.
    json = LoadAssetCatalogue();
    json["serviceLevels"][2]["hours"]["end"] = "24:00";
    errors.clear();
    Catalogue all_day;
    EXPECT_TRUE(CatalogueFromJson(json, all_day, errors)) << errors[0].field;
    EXPECT_EQ(all_day.FindServiceLevel("standard")->hours.end_minute, 24 * 60);
    EXPECT_EQ(CatalogueToJson(all_day)["serviceLevels"][2]["hours"]["end"], "24:00");
}

// Issue 16: the labels users read travel with the catalogue, in both languages.
TEST(CatalogueJson, ReadsLabelsInBothLanguages) {
    Catalogue catalogue;
    std::vector<FieldError> errors;
    ASSERT_TRUE(CatalogueFromJson(LoadAssetCatalogue(), catalogue, errors));
    EXPECT_EQ(catalogue.Label(kProgramLabels, "extwarranty", true), "Garantie étendue");
    EXPECT_EQ(catalogue.Label(kProgramLabels, "extwarranty", false), "Extended Warranty");
    EXPECT_EQ(catalogue.Label(kRmaSpeedLabels, "next-business-day", false), "Next business day");
    EXPECT_EQ(catalogue.Label(kFeatureLabels, "success-manager", true),
              "Responsable de la réussite client");
    EXPECT_EQ(catalogue.Label(kCountryLabels, "DE", true), "Allemagne");
    for (const Product& product : catalogue.products) {
        EXPECT_NE(catalogue.Label(kCategoryLabels, product.category, true), product.category);
    }
}

TEST(CatalogueJson, MissingOrMalformedLabelsNameTheirPath) {
    Json json = LoadAssetCatalogue();
    json["labels"]["rmaSpeeds"].erase("best-effort");
    json["labels"]["features"]["rma"].erase("fr");
    json["labels"]["productCategories"]["camera"] = "Camera";
    Catalogue catalogue;
    std::vector<FieldError> errors;
    EXPECT_FALSE(CatalogueFromJson(json, catalogue, errors));
    std::vector<std::string> paths;
    for (const auto& error : errors) paths.push_back(error.field);
    EXPECT_NE(std::find(paths.begin(), paths.end(), "labels.features.rma.fr"), paths.end());
    EXPECT_NE(std::find(paths.begin(), paths.end(), "labels.productCategories.camera"),
              paths.end());
    // Shape errors stop before the consistency check; fixing them shows the missing label.
    json["labels"]["features"]["rma"]["fr"] = "Remplacement";
    json["labels"]["productCategories"]["camera"] = {{"en", "Camera"}, {"fr", "Caméra"}};
    errors.clear();
    Catalogue again;
    EXPECT_FALSE(CatalogueFromJson(json, again, errors));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "labels.rmaSpeeds.best-effort");
}

TEST(CatalogueJson, ConsistencyProblemsAreErrorsToo) {
    Json json = LoadAssetCatalogue();
    json["skus"][0]["program"] = "platinum";
    Catalogue catalogue;
    std::vector<FieldError> errors;
    EXPECT_FALSE(CatalogueFromJson(json, catalogue, errors));
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors[0].field, "skus[0].program");
}

}  // namespace
}  // namespace portal::api
