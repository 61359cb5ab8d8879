// Demo data (assets/demo/demo.json): customers, their accounts and rooms, orders, devices and
// license actions, loaded into an empty database on first start when the server runs with
// PORTAL_DEMO=1. Nothing is written as it stands in the file: orders become contracts through
// ContractsForOrder, and every device placement and license action is planned by the engine on
// its day and recorded with Store::ApplyChange, so the demo is valid by construction (a refused
// action fails the load, naming the rule).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "core/catalogue.h"
#include "core/date.h"
#include "core/model.h"
#include "server/password.h"

namespace portal::server {

class Logger;
class Store;

// Days are counted back from the day of loading, so that the demo always has contracts
// pending, active and expired, and orders still inside their cancellation window.
struct DemoRoom {
    std::string key;  // names the room within the file; the database gives the id
    std::string name;
    std::string site;
    std::string country;
    int capacity = 0;
    std::string time_zone;  // IANA name; empty: UTC
};

struct DemoOrder {
    std::string po_number;
    int purchased_days_ago = 0;
    std::optional<int> cancelled_days_ago;
    std::vector<OrderLine> lines;
    Party end_customer;  // name and email; company and address come from the account
    Party reseller;
    Party distributor;
};

struct DemoDevice {
    std::string serial;
    std::string product;
    std::string room;  // a room key; empty: not placed
    int purchased_days_ago = 0;
};

struct DemoDeviceMove {
    std::string serial;
    std::string to_room;  // empty: out of its room
    int days_ago = 0;
};

struct DemoLicense {
    std::string action;  // "assign", "unassign", "move"
    std::string room;
    std::string po_number;  // assign: the contract, by PO number and SKU
    std::string sku;
    std::string program;  // unassign, move
    std::string to_room;  // move
    int days_ago = 0;
};

struct DemoAccount {
    std::string name;
    std::string kind;  // "headquarters" or "site"
    std::string street;
    std::string city;
    std::string postal_code;
    std::string country;
    std::vector<DemoRoom> rooms;
    std::vector<DemoOrder> orders;
    std::vector<DemoDevice> devices;
    std::vector<DemoDeviceMove> device_moves;
    std::vector<DemoLicense> licenses;
};

struct DemoParentEntity {
    std::string name;
    std::vector<DemoAccount> accounts;
};

// Demo sign-ins: people with known passwords (the file is public; so are they).
struct DemoRole {
    std::string account;  // an account's name in this file
    std::string role;     // "admin" or "readonly"
};

struct DemoUser {
    std::string email;
    std::string name;
    std::string password;       // in clear in the file
    std::string password_hash;  // filled by HashDemoPasswords; empty: cannot sign in
    std::string language = "en";
    bool language_chosen = false;  // the demo file sets it: the user chose it
    bool is_operator = false;
    std::vector<DemoRole> memberships;
};

struct DemoPartner {
    std::string name;
    std::vector<DemoRole> members;      // account: a user's email here
    std::vector<DemoRole> delegations;  // R-ACC-6
};

struct DemoData {
    std::vector<DemoParentEntity> parent_entities;
    std::vector<DemoUser> users;
    std::vector<DemoPartner> partners;
};

// Hashes every demo user's password at the given cost (Argon2id); false when hashing failed.
bool HashDemoPasswords(DemoData& demo, const PasswordCost& cost);

bool DemoFromJson(const api::Json& json, DemoData& out, std::vector<api::FieldError>& errors);

// Reads and parses a demo file; error lists each "path: message".
bool LoadDemoFile(const std::string& path, DemoData& out, std::string& error);

// Writes the demo into the store as of `today`, in one transaction, only if the store is still
// empty (checked inside that transaction); loaded says whether anything was written.
bool LoadDemo(Store& store, const Catalogue& catalogue, const DemoData& demo, Date today,
              bool& loaded, std::string& error);

// A database populated with the demo's customers before sign-in existed gets the demo's users,
// partners and delegations, once: only when none of the demo's emails is taken and every account
// they name exists. added says whether anything was written.
bool AddDemoSignInsToDemoDatabase(Store& store, DemoData& demo, const PasswordCost& cost,
                                  Date today, bool& added, std::string& error);

// First start with demo on: loads <assets>/demo/demo.json when the store has no parent entity.
// A populated database is left alone (but for AddDemoSignInsToDemoDatabase), so restarts never
// duplicate anything.
// Demo users' passwords are hashed at password_cost.
bool SeedDemoIfEmpty(Store& store, const Catalogue& catalogue, const std::string& assets_dir,
                     const PasswordCost& password_cost, Date today, Logger& logger,
                     std::string& error);

}  // namespace portal::server
