// The server's storage, behind a narrow interface: no HTTP, no JSON, no SQL outside store.cpp.
// Reads hand out the engine's own State; writes take the engine's Change, so what the engine
// planned is what the database records. One write connection (SQLite or PostgreSQL) and a few
// read connections, migrated on Open; every method is safe to call from any HTTP worker thread.
//
//   State state;   store.LoadAccountState(account_id, state, error);
//   Outcome<Change> planned = Plan(state, catalogue, action, today);
//   std::vector<Id> ids;   store.ApplyChange(planned.value, ids, error);
//
// Read-plan-write as one transaction (nothing written in between by anyone):
//   store.Write([&](Store::Writer& w, std::string& e) { ... w.LoadAccountState ... w.ApplyChange
//   });
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/engine.h"
#include "core/model.h"
#include "server/database.h"
#include "server/migrations.h"
#include "server/people.h"

namespace portal::server {

class Store {
  public:
    // Opens the database (a SQLite file path or a postgresql:// URL) and brings its schema up
    // to date with `migrations` (empty: the embedded ones of the database's backend).
    static std::unique_ptr<Store> Open(const std::string& target, std::string& error,
                                       std::span<const Migration> migrations = {});

    Backend backend() const { return db_->backend(); }

    // The version of who may do what (migration 005): moved by every change to users, roles,
    // delegations and sessions, by whatever connection makes it.
    bool AccessVersion(int64_t& version, std::string& error);

    // The schema version in force after Open.
    int SchemaVersion() const { return schema_version_; }

    // A cheap round trip through SQLite; false when the database cannot answer.
    bool Ping(int& schema_version, std::string& error);

    // True when there is no parent entity yet (a first start).
    bool IsEmpty(bool& empty, std::string& error);

    // -----------------------------------------------------------------------------------------
    // Reads: one consistent snapshot each. Rows come in id order, devices in serial order (what
    // CheckState's fast paths expect). A row the model cannot hold (a malformed date) is an error.

    // The whole database: what the start-up check verifies.
    bool LoadState(State& out, std::string& error);

    // What the engine needs to plan actions for one account: the account's parent entity and all
    // of its accounts (spares are per parent entity, R-SPARE-1), with their rooms, devices,
    // orders, contracts and assignments; nothing of any other customer. An unknown account gives
    // an empty state (true, out.accounts empty): the caller decides what "not found" means.
    bool LoadAccountState(Id account_id, State& out, std::string& error);

    // One account's own rows (its parent entity's row, itself, its rooms, devices, orders,
    // contracts, assignments) and nothing of its sibling accounts: what a page of that account
    // shows. An unknown account gives an empty state. without orders: no orders nor their lines
    // (a page of rooms or devices needs none).
    bool LoadAccountOnly(Id account_id, State& out, std::string& error, bool with_orders = true);

    // LoadAccountOnly for several accounts at once, in one query per table however many they
    // are (a partner's home over 1,000 customers): their rows and their parent entities' rows.
    bool LoadAccountsOnly(const std::vector<Id>& account_ids, State& out, std::string& error,
                          bool with_orders = true);

    // What one engine action touches, for planning it without reading the whole account: a
    // partial State (model.h) whose contracts' licenses held in other rooms are slots only.
    struct ActionScope {
        std::vector<Id> rooms;             // with the licenses they hold and those contracts
        std::vector<Id> contracts;         // with how many of their licenses are held
        std::vector<std::string> serials;  // devices
    };

    // -----------------------------------------------------------------------------------------
    // Writes: each one transaction (BEGIN IMMEDIATE), all or nothing. Ids left 0 are given by the
    // database and written back into the argument.

    // Records a Change planned by the engine: releases, new assignments (their account is the
    // contract's), contracts started (first_assigned = change.on), new devices, device moves,
    // cancelled orders with their contracts. new_assignment_ids: the ids given to
    // change.new_assignments, in order. A release of a license no longer held, a move of a
    // missing device or a license held twice (R-ROOM-1, the database refuses it too) fails the
    // whole change: the plan was made on a state that has moved on since.
    bool ApplyChange(const Change& change, std::vector<Id>& new_assignment_ids, std::string& error);

    bool InsertParentEntity(ParentEntity& entity, std::string& error);
    bool InsertAccount(Account& account, std::string& error);
    bool InsertRoom(Room& room, std::string& error);
    // The order with its lines and, unless it is unmatched (no account yet, R-ORD-4), the
    // contracts ContractsForOrder makes of it (returned with their ids). Validation
    // (ValidateOrder, MatchOrder) is the caller's; a matched order with an unknown SKU is refused.
    bool InsertOrder(const Catalogue& catalogue, Order& order, std::vector<Contract>& contracts,
                     std::string& error);

    // -----------------------------------------------------------------------------------------
    // People and sessions (people_store.cpp). Emails match whatever their letter case (R-ACC-4).

    bool FindUserByEmail(const std::string& email, UserRecord& out, bool& found,
                         std::string& error);
    // The user with the operator flag, memberships and delegations; found false for no user.
    bool LoadUserAccess(Id user_id, UserAccess& out, bool& found, std::string& error);

    // Records a new session under token_hash and, in the same transaction, revokes the session
    // of revoke_token_hash (the token presented at sign-in, if any: rotation).
    bool InsertSession(SessionRecord& session, const std::string& token_hash,
                       const std::string& revoke_token_hash, std::string& error);
    bool FindSession(const std::string& token_hash, SessionRecord& out, bool& found,
                     std::string& error);
    bool TouchSession(Id session_id, int64_t now, std::string& error);
    bool RevokeSession(Id session_id, int64_t now, std::string& error);

    // The same reads and writes inside one open transaction, for Write().
    class Writer {
      public:
        bool HasOperator(bool& any, std::string& error);
        bool FindUserByEmail(const std::string& email, UserRecord& out, bool& found,
                             std::string& error);
        // created_at: FormatUtc of the server's clock.
        bool InsertUser(UserRecord& user, const std::string& created_at, std::string& error);
        // The language the user chose ("en" or "fr"; issue 16): language_chosen = 1.
        bool SetUserLanguage(Id user_id, const std::string& language, std::string& error);
        bool AddOperator(Id user_id, std::string& error);
        bool InsertMembership(Id user_id, Id account_id, Role role, std::string& error);
        // With a new public code (NewPartnerCode), set into *code when asked for.
        bool InsertPartnerOrg(const std::string& name, Id& id, std::string& error,
                              std::string* code = nullptr);
        bool InsertPartnerMember(Id user_id, Id partner_org_id, Role role, std::string& error);
        bool InsertDelegation(Id account_id, Id partner_org_id, Role role, std::string& error);

        bool IsEmpty(bool& empty, std::string& error);
        bool LoadState(State& out, std::string& error);
        bool LoadAccountState(Id account_id, State& out, std::string& error);
        bool LoadAccountOnly(Id account_id, State& out, std::string& error);
        // The account and its parent entity's rows, and what scope names (rooms of any account:
        // the caller decides what the requester may see).
        bool LoadActionState(Id account_id, const ActionScope& scope, State& out,
                             std::string& error);
        bool ApplyChange(const Change& change, std::vector<Id>& new_assignment_ids,
                         std::string& error);
        bool InsertParentEntity(ParentEntity& entity, std::string& error);
        bool InsertAccount(Account& account, std::string& error);
        bool InsertRoom(Room& room, std::string& error);
        bool InsertOrder(const Catalogue& catalogue, Order& order, std::vector<Contract>& contracts,
                         std::string& error);

        // The open connection, for the storage layer's area files (*_store.cpp) only: handlers
        // call those files' functions, never SQL.
        Database& db() { return db_; }

      private:
        friend class Store;
        explicit Writer(Database& db) : db_(db) {}
        Database& db_;
    };

    // Runs body in one BEGIN IMMEDIATE transaction, committed when body returns true and rolled
    // back otherwise (body's error is passed on). Nothing else touches the database meanwhile,
    // so a state read in body is still the state when body's changes are written. Concurrent
    // writes share one transaction and one COMMIT (group commit), each body in its own
    // savepoint: returns once the COMMIT is durable. body must not call Write.
    bool Write(const std::function<bool(Writer&, std::string&)>& body, std::string& error);

    // Runs body on one consistent snapshot (a read transaction), for the area stores' reads.
    // body must not write.
    bool Read(const std::function<bool(Writer&, std::string&)>& body, std::string& error);

  private:
    Store(std::unique_ptr<Database> db, int schema_version)
        : db_(std::move(db)), schema_version_(schema_version) {}

    // Reads go to connections of their own: in WAL mode they run beside each other and beside
    // the one writer, each on the last committed state.
    struct ReadConnection {
        std::mutex mutex;
        std::unique_ptr<Database> db;
    };
    // A read connection held for one read (the writer's when the store has no readers, as for
    // an in-memory database).
    struct ReadLease {
        std::unique_lock<std::mutex> lock;
        Database* db = nullptr;
    };
    ReadLease LeaseReader();

    // A write waiting for its batch (see Write).
    struct PendingWrite {
        const std::function<bool(Writer&, std::string&)>* body;
        bool done = false;
        bool ok = false;
        bool outage = false;  // failed while the storage failed (NoteStorageOutage)
        std::string error;
    };
    void WriteBatch(const std::vector<PendingWrite*>& batch);

    std::mutex mutex_;  // the write connection, shared by the worker threads
    std::unique_ptr<Database> db_;
    std::vector<std::unique_ptr<ReadConnection>> readers_;
    std::atomic<size_t> next_reader_{0};
    std::mutex queue_mutex_;  // guards queue_ and batch_running_
    std::condition_variable queue_changed_;
    std::vector<PendingWrite*> queue_;
    bool batch_running_ = false;
    int schema_version_;
};

}  // namespace portal::server
