// CheckCatalogue: the consistency checks a catalogue must pass before the rules may read it.
#include "core/catalogue.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

Catalogue SmallCatalogue() {
    Catalogue catalogue;
    catalogue.version = 1;
    catalogue.programs = {{"select", "Select", true, {Feature::Insights, Feature::Support}},
                          {"syncplus", "Sync Plus", true, {Feature::Insights}}};
    catalogue.skus = {
        {"SELECT-1Y", "select", 1}, {"SELECT-5Y", "select", 5}, {"SYNCPLUS-1Y", "syncplus", 1}};
    catalogue.products = {{"tap", "Tap", "controller"}};
    catalogue.countries = {{"FR", "France", {{"select", true, "next-business-day", {"fr"}}}}};
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

}  // namespace
}  // namespace portal
