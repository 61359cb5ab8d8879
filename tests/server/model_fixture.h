// Test helpers for the storage of the entitlement model: the shipped catalogue, a small customer
// written through the Store, raw SQL behind the Store's back, and a canonical text of a State so
// that two states compare field by field with a readable diff.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/engine.h"
#include "core/model.h"
#include "server/database.h"
#include "server/store.h"

namespace portal::server::testing {

// assets/catalogue.json, as the server loads it.
const Catalogue& ShippedCatalogue();

// A customer: a headquarters account with two rooms, a site account with one room, and two
// orders of the headquarters account (SELECT-3Y x2, SYNCPLUS-1Y x1) with their contracts.
struct Customer {
    ParentEntity parent;
    Account hq;
    Account site;
    Room hq_room_a;
    Room hq_room_b;
    Room site_room;
    Order select_order;
    Order syncplus_order;
    Contract select;    // SELECT-3Y x2
    Contract syncplus;  // SYNCPLUS-1Y x1
};

// A valid order of the account (R-ORD-1), one line.
Order MakeOrder(const Account& account, const std::string& company, const std::string& po,
                const std::string& sku, int quantity, Date purchase);

// Writes a customer through the Store; fails the test (and returns what it has) on error.
Customer AddCustomer(Store& store, const std::string& name, const std::string& country,
                     Date purchase);

// Opens a second connection to the database file, for SQL behind the Store's back.
std::unique_ptr<Database> OpenRaw(const std::string& path);

// Every field of every row, one row a line, rows sorted (devices by serial, the rest by id).
std::string Describe(const State& state);

}  // namespace portal::server::testing
