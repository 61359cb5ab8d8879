// The entitlement model: who owns what. Plain data; the rules live in engine.h.
//
//   parent entity (one customer company, all countries)
//     └ accounts (a headquarters account and site accounts, each with its own license balance)
//         ├ rooms ── devices (by serial)
//         └ contracts (one per order line) ── licenses (contract, slot) ── assignments to rooms
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"

namespace portal {

using Id = std::int64_t;  // 0 means "none"

enum class AccountKind { Headquarters, Site };

struct ParentEntity {
    Id id = 0;
    std::string name;  // the customer company, as orders name it
};

struct Account {
    Id id = 0;
    Id parent_entity_id = 0;
    std::string name;
    AccountKind kind = AccountKind::Headquarters;
    std::string country;
    // The address orders are matched by (R-ORD-3): city, postal code, country.
    std::string city;
    std::string postal_code;
};

struct Room {
    Id id = 0;
    Id account_id = 0;
    std::string name;
    std::string site;
    std::string country;  // ISO 3166-1 alpha-2
    int capacity = 0;
    std::string time_zone;  // IANA name ("Europe/Paris") Insights days follow; empty: UTC
    int version = 1;  // bumped by every change, so that an edit of a stale copy is refused
};

struct Device {
    std::string serial;  // unique: a serial belongs to one room at a time (R-ROOM-3)
    Id account_id = 0;
    std::string product;  // a catalogue product id
    Id room_id = 0;       // 0: not placed in a room
    Date purchase_date;
};

struct Address {
    std::string line1;
    std::string city;
    std::string postal_code;
    std::string country;
    AccountKind kind = AccountKind::Headquarters;
};

struct Party {
    std::string name;
    std::string email;
    std::string company;  // end customer only
    Address address;
};

struct OrderLine {
    std::string sku;
    int quantity = 0;
};

enum class OrderStatus { Processed, Unmatched, Cancelled };

struct Order {
    Id id = 0;
    std::string po_number;
    Date purchase_date;
    std::vector<OrderLine> lines;
    Party end_customer;
    Party reseller;
    Party distributor;
    OrderStatus status = OrderStatus::Processed;
    Id account_id = 0;  // 0 while unmatched
    std::optional<Date> cancelled_on;
};

struct Contract {
    Id id = 0;
    Id order_id = 0;
    Id account_id = 0;
    std::string po_number;
    std::string sku;
    std::string program;
    int quantity = 0;    // licenses purchased
    int term_years = 0;  // R-SKU-2
    Date purchase_date;
    std::optional<Date> first_assigned;  // starts the term early (R-TERM-1)
    bool cancelled = false;
};

enum class ReleaseReason { Unassigned, Moved, Cancelled };

// One license (contract, slot) held by one room for a while. Released assignments are history.
struct Assignment {
    Id id = 0;
    Id contract_id = 0;
    int slot = 0;  // which of the contract's licenses: 0 .. quantity-1
    Id room_id = 0;
    Date assigned_on;
    std::optional<Date> released_on;
    ReleaseReason release_reason = ReleaseReason::Unassigned;

    bool held() const { return !released_on.has_value(); }
};

// Licenses of a contract held by assignments a partial state does not carry (see State): every
// slot below `dense` is held (by a row of the state or elsewhere: a contract whose licenses
// were never released has its first `dense` held), and `slots` lists the others.
struct HeldSlots {
    Id contract_id = 0;
    std::vector<int> slots;
    int dense = 0;
};

// The ids the schema and the API spell these enums with ("headquarters", "site"; "processed",
// "unmatched", "cancelled"; "unassigned", "moved", "cancelled"), and back: false for any other.
const char* AccountKindId(AccountKind kind);
const char* OrderStatusId(OrderStatus status);
const char* ReleaseReasonId(ReleaseReason reason);
bool AccountKindFrom(const std::string& text, AccountKind& out);
bool OrderStatusFrom(const std::string& text, OrderStatus& out);
bool ReleaseReasonFrom(const std::string& text, ReleaseReason& out);

// Everything the rules look at. Holds any number of parent entities and accounts; operations
// check that what they combine belongs together.
//
// A state loaded to plan one action may be partial: the rooms, contracts and devices the action
// names, with the licenses those rooms hold. A contract's other held licenses then come as
// their slots only (held_elsewhere), which is all planning needs of them: which slots are free
// and how many are taken. A complete state has held_elsewhere empty; CheckState wants one.
struct State {
    std::vector<ParentEntity> parent_entities;
    std::vector<Account> accounts;
    std::vector<Room> rooms;
    std::vector<Device> devices;
    std::vector<Order> orders;
    std::vector<Contract> contracts;
    std::vector<Assignment> assignments;
    std::vector<HeldSlots> held_elsewhere;

    const Account* FindAccount(Id id) const;
    const Room* FindRoom(Id id) const;
    const Contract* FindContract(Id id) const;
    const Order* FindOrder(Id id) const;
    const Device* FindDevice(const std::string& serial) const;
    // The contract's licenses held elsewhere; nullptr when there are none.
    const HeldSlots* HeldElsewhere(Id contract_id) const;
};

}  // namespace portal
