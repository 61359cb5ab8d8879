// The model fixtures: catalogue, customer, raw connection, canonical state text.
#include "model_fixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "server/catalogue_file.h"

namespace portal::server::testing {

const Catalogue& ShippedCatalogue() {
    static const Catalogue catalogue = [] {
        Catalogue loaded;
        std::string error;
        EXPECT_TRUE(LoadCatalogueFile(std::string(PORTAL_TEST_ASSETS_DIR) + "/catalogue.json",
                                      loaded, error))
            << error;
        return loaded;
    }();
    return catalogue;
}

namespace {

Party MakeParty(const std::string& name, const std::string& email, const std::string& city,
                const std::string& country) {
    Party party;
    party.name = name;
    party.email = email;
    party.address = {"1 Main Street", city, "10001", country, AccountKind::Headquarters};
    return party;
}

}  // namespace

Order MakeOrder(const Account& account, const std::string& company, const std::string& po,
                const std::string& sku, int quantity, Date purchase) {
    Order order;
    order.po_number = po;
    order.purchase_date = purchase;
    order.lines = {{sku, quantity}};
    order.end_customer =
        MakeParty("Ada Admin", "ada@customer.example", account.city, account.country);
    order.end_customer.company = company;
    order.end_customer.address.kind = account.kind;
    order.end_customer.address.postal_code = account.postal_code;
    order.reseller = MakeParty("Reseller", "sales@reseller.example", "Lyon", "FR");
    order.distributor = MakeParty("Distributor", "orders@distributor.example", "Lille", "FR");
    order.account_id = account.id;
    order.status = OrderStatus::Processed;
    return order;
}

Customer AddCustomer(Store& store, const std::string& name, const std::string& country,
                     Date purchase) {
    Customer c;
    std::string error;
    c.parent.name = name;
    EXPECT_TRUE(store.InsertParentEntity(c.parent, error)) << error;
    c.hq = {0, c.parent.id, name + " HQ", AccountKind::Headquarters, country, "Capital", "10001"};
    EXPECT_TRUE(store.InsertAccount(c.hq, error)) << error;
    c.site = {0, c.parent.id, name + " Site", AccountKind::Site, country, "Town", "20002"};
    EXPECT_TRUE(store.InsertAccount(c.site, error)) << error;
    c.hq_room_a = {0, c.hq.id, "A", "Capital", country, 8};
    c.hq_room_b = {0, c.hq.id, "B", "Capital", country, 4};
    c.site_room = {0, c.site.id, "S", "Town", country, 6};
    for (Room* room : {&c.hq_room_a, &c.hq_room_b, &c.site_room}) {
        EXPECT_TRUE(store.InsertRoom(*room, error)) << error;
    }
    std::vector<Contract> contracts;
    c.select_order = MakeOrder(c.hq, name, name + "-PO-1", "SELECT-3Y", 2, purchase);
    EXPECT_TRUE(store.InsertOrder(ShippedCatalogue(), c.select_order, contracts, error)) << error;
    if (contracts.size() == 1) c.select = contracts[0];
    c.syncplus_order = MakeOrder(c.hq, name, name + "-PO-2", "SYNCPLUS-1Y", 1, purchase);
    EXPECT_TRUE(store.InsertOrder(ShippedCatalogue(), c.syncplus_order, contracts, error)) << error;
    if (contracts.size() == 1) c.syncplus = contracts[0];
    return c;
}

std::unique_ptr<Database> OpenRaw(const std::string& path) {
    std::string error;
    std::unique_ptr<Database> db = Database::Open(path, error);
    EXPECT_TRUE(db) << error;
    return db;
}

namespace {

std::string Opt(const std::optional<Date>& date) {
    return date ? FormatDate(*date) : "-";
}

std::string PartyText(const Party& party) {
    const Address& a = party.address;
    return party.name + "|" + party.email + "|" + party.company + "|" + a.line1 + "|" + a.city +
           "|" + a.postal_code + "|" + a.country + "|" + std::to_string(static_cast<int>(a.kind));
}

template <class T, class Key>
std::vector<T> SortedBy(std::vector<T> rows, Key key) {
    std::sort(rows.begin(), rows.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
    return rows;
}

}  // namespace

std::string Describe(const State& state) {
    std::ostringstream out;
    auto by_id = [](const auto& row) { return row.id; };
    for (const ParentEntity& p : SortedBy(state.parent_entities, by_id)) {
        out << "parent " << p.id << " " << p.name << "\n";
    }
    for (const Account& a : SortedBy(state.accounts, by_id)) {
        out << "account " << a.id << " " << a.parent_entity_id << " " << a.name << " "
            << static_cast<int>(a.kind) << " " << a.country << " " << a.city << " " << a.postal_code
            << "\n";
    }
    for (const Room& r : SortedBy(state.rooms, by_id)) {
        out << "room " << r.id << " " << r.account_id << " " << r.name << " " << r.site << " "
            << r.country << " " << r.capacity << "\n";
    }
    for (const Device& d :
         SortedBy(state.devices, [](const Device& device) { return device.serial; })) {
        out << "device " << d.serial << " " << d.account_id << " " << d.product << " " << d.room_id
            << " " << FormatDate(d.purchase_date) << "\n";
    }
    for (const Order& o : SortedBy(state.orders, by_id)) {
        out << "order " << o.id << " " << o.po_number << " " << FormatDate(o.purchase_date) << " "
            << static_cast<int>(o.status) << " " << o.account_id << " " << Opt(o.cancelled_on)
            << " [" << PartyText(o.end_customer) << "] [" << PartyText(o.reseller) << "] ["
            << PartyText(o.distributor) << "]";
        for (const OrderLine& line : o.lines) out << " " << line.sku << "x" << line.quantity;
        out << "\n";
    }
    for (const Contract& c : SortedBy(state.contracts, by_id)) {
        out << "contract " << c.id << " " << c.order_id << " " << c.account_id << " " << c.po_number
            << " " << c.sku << " " << c.program << " " << c.quantity << " " << c.term_years << " "
            << FormatDate(c.purchase_date) << " " << Opt(c.first_assigned) << " " << c.cancelled
            << "\n";
    }
    for (const Assignment& a : SortedBy(state.assignments, by_id)) {
        out << "assignment " << a.id << " " << a.contract_id << " " << a.slot << " " << a.room_id
            << " " << FormatDate(a.assigned_on) << " " << Opt(a.released_on) << " "
            << (a.released_on ? static_cast<int>(a.release_reason) : -1) << "\n";
    }
    return out.str();
}

}  // namespace portal::server::testing
