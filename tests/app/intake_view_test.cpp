// Order intake, drawn headless against a scripted server: every field of R-ORD-1, the engine's
// per-field problems before anything is sent, R-ORD-2 locally and from the server, the server's
// field errors (a PO already registered), the outcome (the account, or unmatched), the unmatched
// list (R-ORD-4), operators only, and every label in French. Also the intake's JSON.
#include <nlohmann/json.hpp>
#include <set>

#include "api/intake_json.h"
#include "api/model_json.h"
#include "app/views/views.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

constexpr const char* kUnmatched =
    R"({"orders":[{"id":31,"poNumber":"PO-LOST","purchaseDate":"2026-11-02","status":"unmatched",)"
    R"("accountId":null,"cancelledOn":null,"cancellableUntil":"2026-12-02",)"
    R"("lines":[{"sku":"SELECT-1Y","quantity":5}],)"
    R"("endCustomer":{"name":"Ada","email":"ada@twins.example","company":"Twins",)"
    R"("address":{"line1":"1 rue A","city":"Lyon","postalCode":"69001","country":"FR","kind":"site"}},)"
    R"("reseller":{"name":"R","email":"r@example.com","address":{"line1":"2 rue B","city":"Paris",)"
    R"("postalCode":"75001","country":"FR","kind":"headquarters"}},)"
    R"("distributor":{"name":"D","email":"d@example.com","address":{"line1":"3 rue C","city":"Paris",)"
    R"("postalCode":"75002","country":"FR","kind":"headquarters"}},)"
    R"("reason":"Several accounts of this customer match the order's address."}]})";

class IntakeView : public AppFrames {
  protected:
    void SetUp() override {
        AppFrames::SetUp();
        // The whole form and its outcome on one screen: the page scrolls in a smaller window.
        ImGui::GetIO().DisplaySize = ImVec2(1280, 1100);
    }
    std::string Today() { return FormatDate(app_->Today()); }
    void OpenIntake(const char* me = kOperatorMe) {
        StartWithoutAccount(me);
        app_->OnLocationHash("#/intake");
        Frames();
    }
    void OpenLoaded() {
        OpenIntake();
        ASSERT_EQ(transport_.Answer("/api/v1/orders?status=unmatched", 200, R"({"orders":[]})"), 1);
        Frames();
    }
    void FillParty(const std::string& who, bool company) {
        Type(who + " name", who + " Person");
        Type(who + " email", "someone@example.com");
        if (company) Type(who + " company", "Tailspin Toys");
        Type(who + " address", "1 Main Street");
        Type(who + " city", "Lyon");
        Type(who + " postal code", "69001");
        Type(who + " country", "fr");  // upper-cased as typed
    }
    void FillComplete() {
        Type("PO number", "PO-1");
        Type("SKU, line 1", "SELECT-1Y");
        Type("Quantity, line 1", "10");
        FillParty("End customer", true);
        FillParty("Reseller", false);
        FillParty("Distributor", false);
    }
    nlohmann::json Party(const std::string& name, bool company) {
        nlohmann::json party = {{"name", name + " Person"},
                                {"email", "someone@example.com"},
                                {"address",
                                 {{"line1", "1 Main Street"},
                                  {"city", "Lyon"},
                                  {"postalCode", "69001"},
                                  {"country", "FR"},
                                  {"kind", "headquarters"}}}};
        if (company) party["company"] = "Tailspin Toys";
        return party;
    }
    // The published item right after the one labelled `label`: where a field's message goes.
    const BridgeItem* After(const std::string& label) {
        const auto& items = app_->bridge().items();
        for (size_t i = 0; i + 1 < items.size(); ++i) {
            if (items[i].label == label) return &items[i + 1];
        }
        return nullptr;
    }
    std::string KeyOf(const std::string& path) {
        const PendingTransport::Pending* pending = Request(path, "POST");
        if (!pending) return "";
        for (const auto& [name, value] : pending->request.headers) {
            if (name == "Idempotency-Key") return value;
        }
        return "";
    }
};

TEST_F(IntakeView, EveryFieldOfAnOrderIsThere) {
    OpenLoaded();
    for (const char* label : {"PO number",
                              "Purchase date",
                              "SKU, line 1",
                              "Pick a SKU, line 1",
                              "Quantity, line 1",
                              "Add line",
                              "End customer name",
                              "End customer email",
                              "End customer company",
                              "End customer address",
                              "End customer city",
                              "End customer postal code",
                              "End customer country",
                              "Headquarters",
                              "Site",
                              "Reseller name",
                              "Reseller email",
                              "Reseller address",
                              "Reseller city",
                              "Reseller postal code",
                              "Reseller country",
                              "Distributor name",
                              "Distributor email",
                              "Distributor address",
                              "Distributor city",
                              "Distributor postal code",
                              "Distributor country",
                              "Send order"}) {
        EXPECT_NE(Item(label), nullptr) << label;
    }
    EXPECT_EQ(Item("Reseller company"), nullptr) << "only the end customer has a company";
    EXPECT_EQ(app_->state().intake_page.form.purchase_date, Today()) << "today, to begin";
    EXPECT_NE(Item("No unmatched order: every order found its account."), nullptr);
    Click("Add line");
    EXPECT_NE(Item("SKU, line 2"), nullptr);
    Click("Remove line 2");
    EXPECT_EQ(Item("SKU, line 2"), nullptr);
}

TEST_F(IntakeView, MissingFieldsShowNextToEachFieldAndNothingIsSent) {
    OpenLoaded();
    FillComplete();
    // Take two fields out again, and make a third wrong.
    app_->state().intake_page.form.end_customer.email[0] = 0;
    app_->state().intake_page.form.reseller.city[0] = 0;
    Type("Distributor country", "X");  // "FRX"
    Click("Send order");
    EXPECT_EQ(Request("/api/v1/orders", "POST"), nullptr)
        << "the engine knows the server would refuse";
    const BridgeItem* email = After("End customer email");
    ASSERT_NE(email, nullptr);
    EXPECT_EQ(email->label, "is required");
    EXPECT_TRUE(email->text);
    const BridgeItem* city = After("Reseller city");
    ASSERT_NE(city, nullptr);
    EXPECT_EQ(city->label, "is required");
    const BridgeItem* country = After("Distributor country");
    ASSERT_NE(country, nullptr);
    EXPECT_EQ(country->label, "must be a two-letter country code such as FR");
    EXPECT_NE(Item("3 fields need attention: see the message next to each."), nullptr);
    EXPECT_EQ(After("End customer name")->label, "End customer email")
        << "a good field has no message";
    // Putting a field right takes its message away at once.
    Type("End customer email", "ada@example.com");
    EXPECT_NE(After("End customer email")->label, "is required");
}

TEST_F(IntakeView, AWrongDateAndAnUnknownSkuAreNamed) {
    OpenLoaded();
    FillComplete();
    Type("Purchase date", "x");  // "YYYY-MM-DDx"
    Type("SKU, line 1", "Z");    // "SELECT-1YZ"
    Click("Send order");
    EXPECT_EQ(Request("/api/v1/orders", "POST"), nullptr);
    EXPECT_EQ(After("Purchase date")->label, "must be a date YYYY-MM-DD");
    EXPECT_NE(Item("is not a known SKU (SELECT-1YZ)"), nullptr);
}

TEST_F(IntakeView, OneServiceTypePerPoIsCheckedBeforeSending) {
    OpenLoaded();
    FillComplete();
    Click("Add line");
    Type("SKU, line 2", "EXTWARRANTY-1Y");
    Type("Quantity, line 2", "3");
    Click("Send order");
    EXPECT_EQ(Request("/api/v1/orders", "POST"), nullptr);
    EXPECT_NE(Item("One PO may hold one service type only; this one mixes Select and Extended "
                   "Warranty. (R-ORD-2)"),
              nullptr);
}

TEST_F(IntakeView, ACompleteOrderIsSentAndTheOutcomeNamesTheAccount) {
    OpenLoaded();
    FillComplete();
    Click("Site");
    Click("Send order");
    const PendingTransport::Pending* sent = Request("/api/v1/orders", "POST");
    ASSERT_NE(sent, nullptr);
    nlohmann::json customer = Party("End customer", true);
    customer["address"]["kind"] = "site";
    nlohmann::json expected = {{"poNumber", "PO-1"},
                               {"purchaseDate", Today()},
                               {"lines", {{{"sku", "SELECT-1Y"}, {"quantity", 10}}}},
                               {"endCustomer", customer},
                               {"reseller", Party("Reseller", false)},
                               {"distributor", Party("Distributor", false)}};
    EXPECT_EQ(nlohmann::json::parse(sent->request.body), expected);
    transport_.Answer("/api/v1/orders", 201,
                      R"({"order":{"id":40,"status":"processed","accountId":12,"poNumber":"PO-1",)"
                      R"("contracts":[{"id":1},{"id":2}]}})");
    Frames();
    EXPECT_NE(Item("Order PO-1 is processed: it went to account #12; contracts created: 2."),
              nullptr);
    EXPECT_STREQ(app_->state().intake_page.form.po_number, "") << "ready for the next order";
    EXPECT_EQ(app_->state().intake_page.form.purchase_date, Today());
    EXPECT_NE(Request("/api/v1/orders?status=unmatched"), nullptr) << "the list is asked again";
}

TEST_F(IntakeView, AnUnmatchedOutcomeSaysWhy) {
    OpenLoaded();
    FillComplete();
    Click("Send order");
    transport_.Answer(
        "/api/v1/orders", 201,
        R"({"order":{"id":41,"status":"unmatched","accountId":null,"poNumber":"PO-1",)"
        R"("contracts":[],"reason":"Several customers are named Tailspin Toys."}})");
    Frames();
    EXPECT_NE(Item("Order PO-1 could not be matched to an account and is kept as unmatched: "
                   "Several customers are named Tailspin Toys."),
              nullptr);
}

// What only the server knows: a PO registered already (409, its field), a PO whose earlier
// order holds another program (422, R-ORD-2's sentence). Each new attempt is a new change.
TEST_F(IntakeView, TheServersRefusalsShowByTheFieldOrAsTheRulesSentence) {
    OpenLoaded();
    FillComplete();
    Click("Send order");
    std::string first_key = KeyOf("/api/v1/orders");
    transport_.Answer("/api/v1/orders", 409,
                      R"({"error":{"code":"order_exists","message":"An order with PO number PO-1 )"
                      R"(is already registered","details":{"fields":[{"field":"poNumber",)"
                      R"("message":"An order with PO number PO-1 is already registered"}]}}})");
    Frames();
    EXPECT_EQ(After("PO number")->label, "An order with PO number PO-1 is already registered");
    EXPECT_STREQ(app_->state().intake_page.form.end_customer.city, "Lyon")
        << "nothing typed is lost";

    Type("PO number", "0");
    Click("Send order");
    std::string second_key = KeyOf("/api/v1/orders");
    EXPECT_FALSE(second_key.empty());
    EXPECT_NE(second_key, first_key);
    EXPECT_EQ(After("PO number")->label, "Purchase date") << "the old message went";
    transport_.Answer(
        "/api/v1/orders", 422,
        R"({"error":{"code":"rule_violation","message":"One PO may hold one service )"
        R"(type only; this one mixes Select and Sync Plus.","details":{"rule":"R-ORD-2",)"
        R"("fields":[{"field":"lines","message":"One PO may hold one service type only; )"
        R"(this one mixes Select and Sync Plus."}]}}})");
    Frames();
    EXPECT_NE(Item("One PO may hold one service type only; this one mixes Select and Sync Plus. "
                   "(R-ORD-2)"),
              nullptr);
}

TEST_F(IntakeView, TheUnmatchedOrdersAreListedWithTheirReason) {
    OpenIntake();
    ASSERT_EQ(transport_.Answer("/api/v1/orders?status=unmatched", 200, kUnmatched), 1);
    Frames();
    EXPECT_NE(Item("Unmatched orders"), nullptr);
    EXPECT_NE(Item("PO-LOST"), nullptr);
    EXPECT_NE(Item(FormatDateIn(Language::English, DateFromYmd(2026, 11, 2))), nullptr);
    EXPECT_NE(Item("Twins"), nullptr);
    EXPECT_NE(Item("1 rue A, 69001 Lyon, FR (Site)"), nullptr);
    EXPECT_NE(Item("SELECT-1Y × 5"), nullptr);
    EXPECT_NE(Item("Several accounts of this customer match the order's address."), nullptr);
}

TEST_F(IntakeView, IsForOperatorsOnly) {
    OpenIntake(kMe);
    EXPECT_NE(Item("Order intake is for the vendor's operators."), nullptr);
    EXPECT_EQ(Item("Send order"), nullptr);
    EXPECT_EQ(Request("/api/v1/orders?status=unmatched"), nullptr);
    int entries = 0;
    for (const BridgeItem& item : app_->bridge().items()) entries += item.label == "Order intake";
    EXPECT_EQ(entries, 1) << "the heading only: the navigation shows it to operators";
}

TEST_F(IntakeView, EveryLabelHasItsFrench) {
    app_->SetLanguage(Language::French);
    Frames();
    std::set<std::string> before = app_->state().tr.missing();
    OpenIntake();
    transport_.Answer("/api/v1/orders?status=unmatched", 200, kUnmatched);
    Frames();
    Click("Ajouter une ligne");
    Click("Envoyer la commande");  // empty: every field's message, in French
    EXPECT_NE(Item("est obligatoire"), nullptr);
    for (const std::string& text : app_->state().tr.missing()) {
        if (!before.count(text)) ADD_FAILURE() << "no French: " << text;
    }
}

// The intake body is what the server's reader takes back, field for field.
TEST(IntakeJson, TheBodyReadsBackAsTheSameOrder) {
    Order order;
    order.po_number = "PO-9";
    ASSERT_TRUE(ParseDate("2026-03-04", order.purchase_date));
    order.lines = {{"SELECT-2Y", 4}, {"SELECT-1Y", 1}};
    order.end_customer = {
        "Ada", "ada@x.example", "Twins", {"1 rue A", "Lyon", "69001", "FR", AccountKind::Site}};
    order.reseller = {
        "R", "r@x.example", "", {"2 rue B", "Paris", "75001", "FR", AccountKind::Headquarters}};
    order.distributor = {
        "D", "d@x.example", "", {"3 rue C", "Nice", "06000", "FR", AccountKind::Headquarters}};
    api::Json body = api::OrderIntakeToJson(order);
    for (const char* key : {"id", "status", "accountId", "cancelledOn", "cancellableUntil"}) {
        EXPECT_FALSE(body.contains(key)) << key << " is the server's to decide";
    }
    Order back;
    std::vector<api::FieldError> errors;
    ASSERT_TRUE(api::OrderFromJson(body, back, errors)) << errors[0].field << errors[0].message;
    EXPECT_EQ(back.po_number, order.po_number);
    EXPECT_EQ(back.purchase_date, order.purchase_date);
    ASSERT_EQ(back.lines.size(), 2u);
    EXPECT_EQ(back.lines[1].sku, "SELECT-1Y");
    EXPECT_EQ(back.end_customer.company, "Twins");
    EXPECT_EQ(back.end_customer.address.kind, AccountKind::Site);
    EXPECT_EQ(back.distributor.address.postal_code, "06000");
}

}  // namespace
}  // namespace portal::app
