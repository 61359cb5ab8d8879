// TestDatabase: per-test databases on SQLite or PostgreSQL.
#include "test_database.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>

#include "server/database.h"
#include "server/migrations.h"
#include "server/store.h"

namespace portal::server::testing {

namespace {

constexpr const char* kTemplate = "portal_test_template";

std::string AdminUrl() {
    const char* url = std::getenv("PORTAL_TEST_POSTGRESQL");
    return url ? url : "";
}

// The admin URL with another database name (the URL's path).
std::string UrlOf(const std::string& admin, const std::string& database) {
    size_t slash = admin.find('/', admin.find("://") + 3);
    return (slash == std::string::npos ? admin : admin.substr(0, slash)) + "/" + database;
}

bool Run(Database& db, const std::string& sql, std::string& error) {
    if (db.Exec(sql)) return true;
    error = sql + ": " + db.Error();
    return false;
}

// Creates the template (migrated to this build's latest version) once per instance; test
// processes race here, so the first one builds it under a session advisory lock.
bool EnsureTemplate(Database& admin, const std::string& admin_url, std::string& error) {
    if (!Run(admin, "SELECT pg_advisory_lock(7301)", error)) return false;
    struct Unlock {
        Database& db;
        ~Unlock() { db.Exec("SELECT pg_advisory_unlock(7301)"); }
    } unlock{admin};
    int latest = EmbeddedMigrations(Backend::Postgresql).back().version;
    Statement found = admin.Prepare("SELECT 1 FROM pg_database WHERE datname = ?");
    found.Bind(1, std::string(kTemplate));
    if (found.Step() == StepResult::Row) {
        // A template from another build of the schema: made again.
        std::string ignored;
        auto db = Database::Open(UrlOf(admin_url, kTemplate), ignored);
        int version = db ? AppliedSchemaVersion(*db) : -1;
        db.reset();
        if (version == latest) return true;
        if (!Run(admin, std::string("DROP DATABASE ") + kTemplate + " WITH (FORCE)", error)) {
            return false;
        }
    }
    found.Reset();
    if (!Run(admin, std::string("CREATE DATABASE ") + kTemplate, error)) return false;
    auto store = Store::Open(UrlOf(admin_url, kTemplate), error);
    return store != nullptr;
}

}  // namespace

bool UsingPostgres() {
    const char* backend = std::getenv("PORTAL_TEST_BACKEND");
    return backend && std::string(backend) == "postgresql";
}

bool TestDatabase::Create(const std::string& sqlite_path, Config& config, std::string& error,
                          Schema schema) {
    if (!UsingPostgres()) {
        target_ = sqlite_path;
        config.db_path = sqlite_path;
        config.database_url.clear();
        return true;
    }
    std::string admin_url = AdminUrl();
    if (admin_url.empty()) {
        error =
            "PORTAL_TEST_BACKEND=postgresql needs PORTAL_TEST_POSTGRESQL (scripts/test sets it)";
        return false;
    }
    auto admin = Database::Open(admin_url, error);
    if (!admin) return false;
    if (schema == Schema::Migrated && !EnsureTemplate(*admin, admin_url, error)) return false;
    std::random_device random;
    pg_name_ = "t_" + std::to_string(getpid()) + "_" + std::to_string(random() % 1000000000);
    // template0: never connected to, so always free to copy.
    std::string from = schema == Schema::Migrated ? kTemplate : "template0";
    if (!Run(*admin, "CREATE DATABASE " + pg_name_ + " TEMPLATE " + from, error)) {
        pg_name_.clear();
        return false;
    }
    target_ = UrlOf(admin_url, pg_name_);
    config.database_url = target_;
    // The secret key file's default place (<db_path>.key) stays in the test's temp dir.
    config.db_path = sqlite_path;
    return true;
}

TestDatabase::~TestDatabase() {
    if (pg_name_.empty()) return;
    std::string error;
    if (auto admin = Database::Open(AdminUrl(), error)) {
        admin->Exec("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    }
}

}  // namespace portal::server::testing
