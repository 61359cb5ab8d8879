// Service Orders, drawn headless against a scripted server: each contract's row worked out from
// the account's state (R-TERM-3, R-TERM-4, R-ROOM-6), the detail with the rooms holding its
// licenses, Cancel order only inside its window (R-ORD-7), the server's refusal, read-only
// users, and the spares pools (R-SPARE-1).
#include <nlohmann/json.hpp>

#include "api/catalogue_json.h"
#include "api/error_json.h"
#include "api/model_json.h"
#include "api/state_json.h"
#include "app_fixture.h"
#include "core/engine.h"

namespace portal::app {
namespace {

Date Day(const char* text) {
    Date date;
    EXPECT_TRUE(ParseDate(text, date)) << text;
    return date;
}

Contract MakeContract(Id id, Id order, const char* po, const char* sku, const char* program,
                      int quantity, int years, const char* purchased) {
    Contract contract;
    contract.id = id;
    contract.order_id = order;
    contract.account_id = 7;
    contract.po_number = po;
    contract.sku = sku;
    contract.program = program;
    contract.quantity = quantity;
    contract.term_years = years;
    contract.purchase_date = Day(purchased);
    return contract;
}

// Account 7 on the fixture's today, 2026-11-18 (its clock: 1,795,000,100 s after 1970): a
// Select contract bought 399 days ago and held by two rooms; a Sync Plus order bought 19 days
// ago (cancellable until 2026-11-29); an extended warranty (R-TERM-4).
State ThreeContracts() {
    State state;
    state.parent_entities.push_back({1, "Northwind Traders"});
    Account account;
    account.id = 7;
    account.parent_entity_id = 1;
    account.name = "Northwind HQ";
    account.country = "FR";
    state.accounts.push_back(account);
    state.rooms.push_back({11, 7, "Salle Étoile", "Paris", "FR", 12, "", 1});
    state.rooms.push_back({12, 7, "Confluence", "Lyon", "FR", 8, "", 1});
    state.rooms.push_back({13, 7, "Thames", "London", "GB", 10, "", 1});
    Contract select =
        MakeContract(31, 301, "NWT-FR-0117", "SELECT-3Y", "select", 40, 3, "2025-10-15");
    select.first_assigned = Day("2025-10-25");
    state.contracts.push_back(select);
    state.contracts.push_back(
        MakeContract(32, 302, "NWT-FR-0518", "SYNCPLUS-1Y", "syncplus", 10, 1, "2026-10-30"));
    state.contracts.push_back(
        MakeContract(33, 303, "NWT-FR-0342", "EXTWARRANTY-2Y", "extwarranty", 20, 2, "2026-05-03"));
    state.assignments.push_back({1, 31, 0, 12, Day("2025-10-25"), std::nullopt, {}});
    state.assignments.push_back({2, 31, 1, 11, Day("2025-10-26"), std::nullopt, {}});
    return state;
}

class OrdersPage : public AppFrames {
  protected:
    void SetUp() override {
        AppFrames::SetUp();
        std::vector<api::FieldError> errors;
        api::Json json;
        std::string error;
        ASSERT_TRUE(api::ParseJson(catalogue_json_, json, error));
        ASSERT_TRUE(api::CatalogueFromJson(json, catalogue_, errors));
    }
    // GET /accounts/7/contracts as the handler writes it (accounts_api.cpp ListContracts).
    std::string ContractsJson(const State& state) {
        api::Json contracts = api::Json::array();
        Date today = app_->Today();
        for (const Contract& contract : state.contracts) {
            api::Json json =
                api::ContractToJson(contract, ViewContract(state, catalogue_, contract, today));
            json["purchaseDate"] = FormatDate(contract.purchase_date);
            json["termYears"] = contract.term_years;
            json["cancellableUntil"] = FormatDate(AddDays(contract.purchase_date, 30));
            contracts.push_back(json);
        }
        return api::Json{{"contracts", contracts}}.dump();
    }
    static constexpr const char* kSpares =
        R"({"parentEntityId":1,"selectRooms":60,"pools":1,)"
        R"("grants":[{"orderId":301,"date":"2025-10-15","pool":1}],)"
        R"("candidateProducts":[{"product":"rally-bar","deployed":3},)"
        R"({"product":"tap","deployed":2}]})";

    void Open(const std::string& role = "admin", const std::string& hash = "") {
        if (!hash.empty()) app_->OnLocationHash(hash);
        StartWithAccount(api::StateToJson(ThreeContracts()).dump(), role);
        if (hash.empty()) Click("Service Orders");
        ASSERT_EQ(app_->state().route.page, Page::ServiceOrders);
        ASSERT_EQ(
            transport_.Answer("/api/v1/accounts/7/contracts", 200, ContractsJson(ThreeContracts())),
            1);
        ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/spares", 200, kSpares), 1);
        Frames();
    }
    // The Sync Plus order's detail, the server saying it can be cancelled until `deadline`.
    void OpenWithDeadline(const char* deadline) {
        app_->OnLocationHash("#/orders/32?account=7");
        StartWithAccount(api::StateToJson(ThreeContracts()).dump());
        std::string contracts = ContractsJson(ThreeContracts());
        size_t at = contracts.find("\"cancellableUntil\":\"2026-11-29\"");
        ASSERT_NE(at, std::string::npos);
        contracts.replace(at, 31, std::string("\"cancellableUntil\":\"") + deadline + "\"");
        ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/contracts", 200, contracts), 1);
        ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/spares", 200, kSpares), 1);
        Frames();
    }
    int Changes() {
        int count = 0;
        for (const auto& pending : transport_.pending) count += pending.request.method != "GET";
        return count;
    }
    // True when `label` is drawn within the row of the item labelled `first` (a row's
    // selectable spans its height).
    bool SameRow(const char* first, const char* label) {
        const BridgeItem* row = Item(first);
        EXPECT_NE(row, nullptr) << first;
        if (!row) return false;
        for (const BridgeItem& item : app_->bridge().items()) {
            float middle = item.y + item.h / 2;
            if (item.label == label && middle > row->y && middle < row->y + row->h) return true;
        }
        return false;
    }

    Catalogue catalogue_;
};

TEST_F(OrdersPage, EachContractWithItsBalanceTermAndStatus) {  // R-TERM-3
    Open();
    // Select: first assigned 2025-10-25, three years; two of forty held.
    EXPECT_TRUE(SameRow("NWT-FR-0117", "SELECT-3Y"));
    EXPECT_TRUE(SameRow("NWT-FR-0117", "2 / 40"));
    EXPECT_TRUE(SameRow("NWT-FR-0117", "38")) << "the free count";
    EXPECT_TRUE(SameRow("NWT-FR-0117", "25 Oct 2025"));
    EXPECT_TRUE(SameRow("NWT-FR-0117", "24 Oct 2028"));
    EXPECT_TRUE(SameRow("NWT-FR-0117", "Active"));
    EXPECT_TRUE(SameRow("NWT-FR-0117", "707")) << "days left, today included";
    // Sync Plus bought 19 days ago and not assigned: starts 60 days after purchase (R-TERM-1).
    EXPECT_TRUE(SameRow("NWT-FR-0518", "Pending start"));
    EXPECT_TRUE(SameRow("NWT-FR-0518", "29 Dec 2026"));
    EXPECT_TRUE(SameRow("NWT-FR-0518", "0 / 10"));
    // R-TERM-4, R-ROOM-6: the extended warranty is listed, and covers devices, not rooms.
    EXPECT_TRUE(SameRow("NWT-FR-0342", "Extended Warranty"));
    EXPECT_TRUE(SameRow("NWT-FR-0342", "covers devices"));
    // Newest purchase first.
    EXPECT_LT(Item("NWT-FR-0518")->y, Item("NWT-FR-0342")->y);
    EXPECT_LT(Item("NWT-FR-0342")->y, Item("NWT-FR-0117")->y);
}

TEST_F(OrdersPage, SparesPoolsAndWhatGrantedThem) {  // R-SPARE-1, R-SPARE-2
    Open();
    EXPECT_NE(Item("60 rooms under Select · 1 spares pool"), nullptr);
    EXPECT_NE(Item("Pool 1: granted on 15 Oct 2025 with PO NWT-FR-0117"), nullptr);
    EXPECT_NE(Item("40 more rooms under Select grant the next pool."), nullptr);
    EXPECT_NE(Item("Products to stock, most deployed first: Rally Bar (3), Tap (2)"), nullptr);
    EXPECT_NE(Item("Granted to Northwind Traders as a whole, all accounts together: one pool for "
                   "every 50 rooms under Select, counted over every purchase."),
              nullptr);
}

TEST_F(OrdersPage, DetailListsTheRoomsHoldingItsLicensesWithLinks) {
    Open();
    Click("NWT-FR-0117");
    EXPECT_EQ(app_->state().route.detail, "31");
    EXPECT_EQ(platform_.hashes.back(), "#/orders/31?account=7");
    EXPECT_NE(Item("PO NWT-FR-0117"), nullptr);
    EXPECT_NE(Item("Rooms holding its licenses (2)"), nullptr);
    ASSERT_NE(Item("Confluence"), nullptr);
    ASSERT_NE(Item("Salle Étoile"), nullptr);
    EXPECT_LT(Item("Confluence")->y, Item("Salle Étoile")->y) << "by name";
    EXPECT_EQ(Item("Thames"), nullptr) << "holds no license of it";
    EXPECT_NE(Item("since 26 Oct 2025"), nullptr);
    // Its window closed long ago: no button, and how to cancel now.
    EXPECT_EQ(Item("Cancel order"), nullptr);
    EXPECT_NE(Item("The 30-day cancellation window closed on 14 Nov 2025."), nullptr);
    EXPECT_NE(Item("To cancel this order now, contact the reseller you bought it from."), nullptr);

    Click("Salle Étoile");
    EXPECT_EQ(app_->state().route.page, Page::Rooms);
    EXPECT_EQ(platform_.hashes.back(), "#/rooms/11?account=7");
    // Back, as the browser reports it.
    app_->OnLocationHash("#/orders/31?account=7");
    Frames();
    EXPECT_NE(Item("PO NWT-FR-0117"), nullptr);
    Click("All service orders");
    EXPECT_EQ(platform_.hashes.back(), "#/orders?account=7");
    EXPECT_NE(Item("NWT-FR-0518"), nullptr);
}

TEST_F(OrdersPage, ASharedLinkOpensTheDetail) {
    Open("admin", "#/orders/32?account=7");
    EXPECT_NE(Item("PO NWT-FR-0518"), nullptr);
    app_->OnLocationHash("#/orders/999?account=7");
    Frames();
    EXPECT_NE(Item("No service order 999 in this account."), nullptr);
}

TEST_F(OrdersPage, CancelOrderOnlyInsideTheWindowWithItsDate) {  // R-ORD-7
    Open("admin", "#/orders/32?account=7");
    EXPECT_NE(Item("This order can be cancelled until 29 Nov 2026, 30 days after its purchase."),
              nullptr);
    ASSERT_NE(Item("Cancel order"), nullptr);
    EXPECT_TRUE(Item("Cancel order")->enabled);
    // Escape closes the confirmation without sending anything.
    Click("Cancel order");
    ASSERT_NE(Item("Yes, cancel the order"), nullptr);
    Press(ImGuiKey_Escape);
    EXPECT_EQ(Item("Yes, cancel the order"), nullptr);
    EXPECT_EQ(Changes(), 0);
    // Enter confirms.
    Click("Cancel order");
    Press(ImGuiKey_Enter);
    const auto* post = Request("/api/v1/orders/302/cancel", "POST");
    ASSERT_NE(post, nullptr);
    EXPECT_EQ(Changes(), 1);
    transport_.Answer("/api/v1/orders/302/cancel", 200, R"({"order":{"id":302}})");
    Frames();
    EXPECT_EQ(Item("Yes, cancel the order"), nullptr) << "the dialog closes";
    State after = ThreeContracts();
    after.contracts[1].cancelled = true;
    ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/state", 200, api::StateToJson(after).dump()),
              1);
    Frames();
    EXPECT_NE(Item("This order was cancelled."), nullptr);
    EXPECT_EQ(Item("Cancel order"), nullptr);
    // Its status, and the spares and orders, are asked again.
    EXPECT_NE(Request("/api/v1/accounts/7/contracts"), nullptr);
    EXPECT_NE(Request("/api/v1/accounts/7/spares"), nullptr);
    Click("All service orders");
    EXPECT_TRUE(SameRow("NWT-FR-0518", "Cancelled"));
}

TEST_F(OrdersPage, NoCancelOrderOnceTheServersDeadlineHasPassed) {  // R-ORD-7
    // The window is the server's: its last day is yesterday, so no button today.
    OpenWithDeadline("2026-11-17");
    ASSERT_EQ(app_->Today(), Day("2026-11-18"));
    EXPECT_EQ(Item("Cancel order"), nullptr);
    EXPECT_NE(Item("The 30-day cancellation window closed on 17 Nov 2026."), nullptr);
}

TEST_F(OrdersPage, CancelOrderOnTheDeadlineItself) {  // R-ORD-7: up to and including it
    OpenWithDeadline("2026-11-18");
    ASSERT_NE(Item("Cancel order"), nullptr);
    EXPECT_NE(Item("This order can be cancelled until 18 Nov 2026, 30 days after its purchase."),
              nullptr);
}

TEST_F(OrdersPage, ARefusalShowsTheServersSentence) {  // R-ORD-7
    Open("admin", "#/orders/32?account=7");
    Click("Cancel order");
    Click("Yes, cancel the order");
    ASSERT_NE(Request("/api/v1/orders/302/cancel", "POST"), nullptr);
    api::ApiError error;
    error.status = 409;
    error.code = "rule_violation";
    error.message =
        "PO NWT-FR-0518 could be cancelled until 2026-11-18; the 30-day window is "
        "closed.";
    error.rule = "R-ORD-7";
    transport_.Answer("/api/v1/orders/302/cancel", 409, api::ErrorEnvelopeJson(error));
    Frames();
    EXPECT_NE(Item("PO NWT-FR-0518 could be cancelled until 2026-11-18; the 30-day window is "
                   "closed. (R-ORD-7)"),
              nullptr);
    EXPECT_NE(Item("Keep the order"), nullptr) << "the dialog stays open with the answer";
    EXPECT_EQ(Request("/api/v1/accounts/7/state"), nullptr) << "nothing changed: no reload";
}

TEST_F(OrdersPage, ReadOnlyUsersSeeCancelOrderDisabled) {  // R-ACC-1
    Open("readonly", "#/orders/32?account=7");
    const BridgeItem* button = Item("Cancel order");
    ASSERT_NE(button, nullptr);
    EXPECT_FALSE(button->enabled);
    Click("Cancel order");
    EXPECT_EQ(Item("Yes, cancel the order"), nullptr);
    EXPECT_EQ(Changes(), 0);
}

TEST_F(OrdersPage, EveryLabelHasItsFrench) {
    Open("admin", "#/orders/32?account=7");
    app_->SetLanguage(Language::French);
    Frames();
    EXPECT_NE(Item("Cette commande peut être annulée jusqu'au 29 nov. 2026, 30 jours après son "
                   "achat."),
              nullptr);
    Click("Annuler la commande");
    EXPECT_NE(Item("Oui, annuler la commande"), nullptr);
    Press(ImGuiKey_Escape);
    Click("Toutes les commandes de services");
    EXPECT_NE(Item("En attente de début"), nullptr);
    EXPECT_NE(Item("couvre des appareils"), nullptr);
    Click("NWT-FR-0117");
    EXPECT_NE(Item("depuis le 26 oct. 2025"), nullptr);
    std::string missing;
    for (const std::string& label : app_->state().tr.missing()) missing += label + " | ";
    EXPECT_TRUE(app_->state().tr.missing().empty()) << missing;
}

TEST_F(OrdersPage, AnotherAccountForgetsWhatWasLoaded) {
    Open();
    ASSERT_TRUE(app_->state().orders_page.orders.value.has_value());
    app_->state().orders_page.ForgetAccount();
    EXPECT_FALSE(app_->state().orders_page.orders.value.has_value());
    EXPECT_FALSE(app_->state().orders_page.spares.value.has_value());
    Frames();
    EXPECT_NE(Request("/api/v1/accounts/7/contracts"), nullptr) << "asked again";
}

// Issue 17: the confirmation is a dialog named by its title; Escape closes it.
TEST_F(OrdersPage, TheCancelConfirmationIsANamedDialogThatClosesOnEscape) {
    Open("admin", "#/orders/32?account=7");
    Click("Cancel order");
    ASSERT_NE(app_->bridge().FindNode(MirrorRole::Dialog, "Cancel this order?"), nullptr);
    Press(ImGuiKey_Escape);
    EXPECT_EQ(app_->bridge().FindNode(MirrorRole::Dialog, "Cancel this order?"), nullptr);
    EXPECT_EQ(Changes(), 0);
}

}  // namespace
}  // namespace portal::app
