// CheckCatalogue: the consistency checks a catalogue must pass before the rules may read it.
#include "core/catalogue.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

Catalogue SmallCatalogue() {
    Catalogue catalogue;
    catalogue.version = 1;
    catalogue.programs = {
        {"select", "Select", true, {Feature::Insights, Feature::Support}, "Select"},
        {"syncplus", "Sync Plus", true, {Feature::Insights}, "Sync Plus"}};
    catalogue.skus = {
        {"SELECT-1Y", "select", 1}, {"SELECT-5Y", "select", 5}, {"SYNCPLUS-1Y", "syncplus", 1}};
    catalogue.products = {{"tap", "Tap", "controller"}};
    catalogue.countries = {
        {"FR", "France", {{"select", true, "next-business-day", {"fr"}}}, "France"}};
    catalogue.labels[std::string(kFeatureLabels)] = {
        {"insights", {"Insights", "Insights"}}, {"support", {"Priority support", "Assistance"}}};
    catalogue.labels[std::string(kRmaSpeedLabels)] = {
        {"next-business-day", {"Next business day", "Jour ouvré suivant"}}};
    catalogue.labels[std::string(kCategoryLabels)] = {
        {"controller", {"Touch controller", "Contrôleur tactile"}}};
    // Built field by field: GCC 12 misreads the nested aggregate initialisers.
    auto level = [](const char* id, const char* program, int setup_days, bool always,
                    int start_minute, int end_minute) {
        ServiceLevelSpec spec;
        spec.id = spec.name = spec.name_fr = id;
        spec.program = program;
        spec.setup_days = setup_days;
        spec.hours.always = always;
        if (!always) spec.hours.weekdays = {1, 2, 3, 4, 5};
        spec.hours.start_minute = start_minute;
        spec.hours.end_minute = end_minute;
        spec.targets = {
            {"critical", 60, 240}, {"high", 120, 480}, {"normal", 240, 960}, {"low", 480, 1920}};
        return spec;
    };
    catalogue.service_levels = {level("select", "select", 0, true, 0, 0),
                                level("jumpstart", "", 90, false, 480, 1080),
                                level("standard", "", 0, false, 540, 1020)};
    return catalogue;
}

bool HasProblemAt(const std::vector<CatalogueProblem>& problems, const std::string& path) {
    for (const auto& problem : problems) {
        if (problem.path == path) return true;
    }
    return false;
}

TEST(Catalogue, ConsistentCatalogueHasNoProblems) {
    EXPECT_TRUE(CheckCatalogue(SmallCatalogue()).empty());
}

TEST(Catalogue, FindsByIdAndReportsMissing) {
    Catalogue catalogue = SmallCatalogue();
    ASSERT_NE(catalogue.FindSku("SELECT-5Y"), nullptr);
    EXPECT_EQ(catalogue.FindSku("SELECT-5Y")->term_years, 5);
    EXPECT_EQ(catalogue.FindSku("SELECT-6Y"), nullptr);
    EXPECT_NE(catalogue.FindCountry("FR"), nullptr);
    EXPECT_EQ(catalogue.FindProgram("nothing"), nullptr);
    ASSERT_NE(catalogue.FindServiceLevel("jumpstart"), nullptr);
    EXPECT_EQ(catalogue.FindServiceLevel("jumpstart")->setup_days, 90);
    EXPECT_EQ(catalogue.FindServiceLevel("gold"), nullptr);
    ASSERT_NE(catalogue.service_levels[0].FindTarget("high"), nullptr);
    EXPECT_EQ(catalogue.service_levels[0].FindTarget("high")->resolution_minutes, 480);
    EXPECT_EQ(catalogue.service_levels[0].FindTarget("urgent"), nullptr);
}

TEST(Catalogue, SkuMustNameAKnownProgram) {
    Catalogue catalogue = SmallCatalogue();
    catalogue.skus.push_back({"GOLD-1Y", "gold", 1});
    EXPECT_TRUE(HasProblemAt(CheckCatalogue(catalogue), "skus[3].program"));
}

TEST(Catalogue, TermsAreOneToFiveYears) {  // R-SKU-2
    Catalogue catalogue = SmallCatalogue();
    catalogue.skus[1].term_years = 6;
    catalogue.skus[2].term_years = 0;
    auto problems = CheckCatalogue(catalogue);
    EXPECT_TRUE(HasProblemAt(problems, "skus[1].termYears"));
    EXPECT_TRUE(HasProblemAt(problems, "skus[2].termYears"));
}

TEST(Catalogue, IdsAreUnique) {
    Catalogue catalogue = SmallCatalogue();
    catalogue.skus.push_back({"SELECT-1Y", "select", 1});
    catalogue.programs.push_back({"", "Nameless", false, {}});
    auto problems = CheckCatalogue(catalogue);
    EXPECT_TRUE(HasProblemAt(problems, "skus[3]"));
    EXPECT_TRUE(HasProblemAt(problems, "programs[2]"));
}

TEST(Catalogue, CountriesUseIsoCodesAndKnownPrograms) {
    Catalogue catalogue = SmallCatalogue();
    catalogue.countries.push_back({"FRA", "France again", {{"gold", true, "", {}}}});
    auto problems = CheckCatalogue(catalogue);
    EXPECT_TRUE(HasProblemAt(problems, "countries[1].code"));
    EXPECT_TRUE(HasProblemAt(problems, "countries[1].programs.gold"));
}

TEST(Catalogue, RuleParametersMustBePositive) {
    Catalogue catalogue = SmallCatalogue();
    catalogue.rules.rooms_per_spares_pool = 0;
    catalogue.rules.warranty_cap_years = 0;
    auto problems = CheckCatalogue(catalogue);
    EXPECT_TRUE(HasProblemAt(problems, "rules.roomsPerSparesPool"));
    EXPECT_TRUE(HasProblemAt(problems, "rules.warrantyCapYears"));
}

// Issue 14 (R-SUP-3): the support levels tickets get.
TEST(Catalogue, ServiceLevelsAreTheThreeKnownOnes) {
    Catalogue catalogue = SmallCatalogue();
    catalogue.service_levels.erase(catalogue.service_levels.begin() + 1);  // jumpstart
    catalogue.service_levels.push_back(catalogue.service_levels[0]);       // select again
    auto problems = CheckCatalogue(catalogue);
    EXPECT_TRUE(HasProblemAt(problems, "serviceLevels"));     // jumpstart missing
    EXPECT_TRUE(HasProblemAt(problems, "serviceLevels[2]"));  // select repeated
}

TEST(Catalogue, ServiceLevelsNameKnownProgramsAndHaveEveryTarget) {
    Catalogue catalogue = SmallCatalogue();
    catalogue.service_levels[0].program = "gold";
    catalogue.service_levels[1].setup_days = 0;
    catalogue.service_levels[2].targets.pop_back();              // no "low"
    catalogue.service_levels[2].targets[0].severity = "urgent";  // no "critical" either
    catalogue.service_levels[2].targets[1].first_response_minutes = 0;
    catalogue.service_levels[2].targets[2].resolution_minutes = -5;
    auto problems = CheckCatalogue(catalogue);
    EXPECT_TRUE(HasProblemAt(problems, "serviceLevels[0].program"));
    EXPECT_TRUE(HasProblemAt(problems, "serviceLevels[1].setupDays"));
    EXPECT_TRUE(HasProblemAt(problems, "serviceLevels[2].targets"));
    EXPECT_TRUE(HasProblemAt(problems, "serviceLevels[2].targets[0].severity"));
    EXPECT_TRUE(HasProblemAt(problems, "serviceLevels[2].targets[1].firstResponseMinutes"));
    EXPECT_TRUE(HasProblemAt(problems, "serviceLevels[2].targets[2].resolutionMinutes"));
    catalogue = SmallCatalogue();
    catalogue.service_levels[0].program.clear();  // select must say which program grants it
    catalogue.rules.ticket_auto_close_days = 0;
    problems = CheckCatalogue(catalogue);
    EXPECT_TRUE(HasProblemAt(problems, "serviceLevels[0].program"));
    EXPECT_TRUE(HasProblemAt(problems, "rules.ticketAutoCloseDays"));
}

TEST(Catalogue, BusinessHoursAreWeekdaysAndAnOrderedSpan) {
    Catalogue catalogue = SmallCatalogue();
    catalogue.service_levels[1].hours.weekdays = {1, 0, 8};
    catalogue.service_levels[1].hours.start_minute = 1080;  // 18:00 to 18:00
    catalogue.service_levels[2].hours.weekdays.clear();
    catalogue.service_levels[2].hours.end_minute = 1500;
    auto problems = CheckCatalogue(catalogue);
    EXPECT_TRUE(HasProblemAt(problems, "serviceLevels[1].hours.weekdays[1]"));
    EXPECT_TRUE(HasProblemAt(problems, "serviceLevels[1].hours.weekdays[2]"));
    EXPECT_FALSE(HasProblemAt(problems, "serviceLevels[1].hours.weekdays[0]"));
    EXPECT_TRUE(HasProblemAt(problems, "serviceLevels[1].hours.end"));
    EXPECT_TRUE(HasProblemAt(problems, "serviceLevels[2].hours.weekdays"));
    EXPECT_TRUE(HasProblemAt(problems, "serviceLevels[2].hours.end"));
    // 24/7 ignores the rest.
    EXPECT_FALSE(HasProblemAt(problems, "serviceLevels[0].hours.weekdays"));
}

// Issue 16: users read labels in their language, never ids.
TEST(Catalogue, LabelsInBothLanguagesFallingBackToTheId) {
    Catalogue catalogue = SmallCatalogue();
    catalogue.programs[1].name_fr.clear();
    catalogue.countries[0].name_fr = "République française";
    EXPECT_EQ(catalogue.Label(kFeatureLabels, "support", false), "Priority support");
    EXPECT_EQ(catalogue.Label(kFeatureLabels, "support", true), "Assistance");
    EXPECT_EQ(catalogue.Label(kRmaSpeedLabels, "next-business-day", true), "Jour ouvré suivant");
    EXPECT_EQ(catalogue.Label(kCategoryLabels, "controller", false), "Touch controller");
    EXPECT_EQ(catalogue.Label(kProgramLabels, "select", true), "Select");
    EXPECT_EQ(catalogue.Label(kProgramLabels, "syncplus", true), "Sync Plus");  // no French
    EXPECT_EQ(catalogue.Label(kCountryLabels, "FR", true), "République française");
    EXPECT_EQ(catalogue.Label(kCountryLabels, "FR", false), "France");
    // Unknown terms and kinds show their id rather than nothing.
    EXPECT_EQ(catalogue.Label(kFeatureLabels, "teleportation", true), "teleportation");
    EXPECT_EQ(catalogue.Label("colours", "red", false), "red");
    EXPECT_EQ(catalogue.Label(kCountryLabels, "ZZ", false), "ZZ");
}

TEST(Catalogue, EveryTermInUseNeedsBothLabels) {
    Catalogue catalogue = SmallCatalogue();
    catalogue.labels[std::string(kFeatureLabels)].erase("support");
    catalogue.labels[std::string(kRmaSpeedLabels)]["next-business-day"].fr.clear();
    catalogue.products.push_back({"scribe", "Scribe", "whiteboard-camera"});
    catalogue.programs[0].name_fr.clear();
    catalogue.countries[0].name_fr.clear();
    auto problems = CheckCatalogue(catalogue);
    EXPECT_TRUE(HasProblemAt(problems, "labels.features.support"));
    EXPECT_TRUE(HasProblemAt(problems, "labels.rmaSpeeds.next-business-day.fr"));
    EXPECT_TRUE(HasProblemAt(problems, "labels.productCategories.whiteboard-camera"));
    EXPECT_TRUE(HasProblemAt(problems, "programs[0].nameFr"));
    EXPECT_TRUE(HasProblemAt(problems, "countries[0].nameFr"));
    // A label nobody uses is no problem.
    EXPECT_FALSE(HasProblemAt(problems, "labels.features.insights"));
}

TEST(Catalogue, FeatureIdsRoundTrip) {
    for (Feature feature : {Feature::Insights, Feature::Alerts, Feature::Support, Feature::Warranty,
                            Feature::Rma, Feature::Spares, Feature::SuccessManager}) {
        Feature parsed;
        ASSERT_TRUE(FeatureFromId(FeatureId(feature), parsed)) << FeatureId(feature);
        EXPECT_EQ(parsed, feature);
    }
    Feature unused;
    EXPECT_FALSE(FeatureFromId("teleportation", unused));
}

// Issue 16: people type a product's name as the catalogue shows it, not its id.
TEST(Catalogue, FindsAProductByItsIdOrItsNameInAnySpelling) {
    Catalogue catalogue;
    catalogue.products = {{"rally-bar", "Rally Bar", "video-bar"},
                          {"rally-bar-mini", "Rally Bar Mini", "video-bar"},
                          {"tap", "Tap", "controller"}};
    for (const char* text : {"rally-bar", "Rally-Bar", "RALLY-BAR", "rally bar", " RALLY  BAR ",
                             "RallyBar", "rally\tbar"}) {
        const Product* found = catalogue.FindProductByNameOrId(text);
        ASSERT_NE(found, nullptr) << text;
        EXPECT_EQ(found->id, "rally-bar") << text;
    }
    ASSERT_NE(catalogue.FindProductByNameOrId("rally bar mini"), nullptr);
    EXPECT_EQ(catalogue.FindProductByNameOrId("rally bar mini")->id, "rally-bar-mini");
    EXPECT_EQ(catalogue.FindProductByNameOrId("TAP")->id, "tap");
    EXPECT_EQ(catalogue.FindProductByNameOrId("Rally"), nullptr);
    EXPECT_EQ(catalogue.FindProductByNameOrId(""), nullptr);
    EXPECT_EQ(catalogue.FindProductByNameOrId("   "), nullptr);
}

}  // namespace
}  // namespace portal
