// TestDatabase: per-test databases on SQLite or PostgreSQL.
#include "test_database.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include "server/database.h"
#include "server/migrations.h"
#include "server/store.h"

namespace portal::server::testing {

namespace {

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

// The migrated template of this build's schema, named by its version: nothing ever connects to
// a template once it is made (CREATE DATABASE ... TEMPLATE refuses a template in use), so an
// older build's is simply another name.
std::string TemplateName() {
    return "portal_test_template_v" +
           std::to_string(EmbeddedMigrations(Backend::Postgresql).back().version);
}

// Creates the template once per instance; test processes race here, so the first one builds it
// under a session advisory lock and the others find it made.
bool EnsureTemplate(Database& admin, const std::string& admin_url, std::string& error) {
    if (!Run(admin, "SELECT pg_advisory_lock(7301)", error)) return false;
    struct Unlock {
        Database& db;
        ~Unlock() { db.Exec("SELECT pg_advisory_unlock(7301)"); }
    } unlock{admin};
    std::string name = TemplateName();
    {
        Statement found = admin.Prepare("SELECT 1 FROM pg_database WHERE datname = ?");
        found.Bind(1, name);
        if (found.Step() == StepResult::Row) return true;
    }
    // Made under a temporary name and renamed when migrated: a template half made by a process
    // that died is never taken for a whole one.
    std::string making = name + "_making";
    if (!Run(admin, "DROP DATABASE IF EXISTS " + making + " WITH (FORCE)", error) ||
        !Run(admin, "CREATE DATABASE " + making, error)) {
        return false;
    }
    if (!Store::Open(UrlOf(admin_url, making), error)) return false;
    // The store's connections are closed; their server processes may take a moment to end,
    // and a database in use cannot be renamed.
    for (int attempt = 0; attempt < 100; ++attempt) {
        if (admin.Exec("ALTER DATABASE " + making + " RENAME TO " + name)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    error = "cannot rename the test template: " + admin.Error();
    return false;
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
    std::string from = schema == Schema::Migrated ? TemplateName() : "template0";
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
