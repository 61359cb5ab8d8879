// portal-migrate: copies a portal's SQLite database into an empty PostgreSQL one and checks the
// copy (storage/sqlite_to_postgres.h); scripts/migrate-to-postgresql builds and runs it. Exit
// codes: 0 copied and identical, 1 failed or different, 2 bad arguments.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "server/catalogue_file.h"
#include "server/config.h"
#include "server/storage/sqlite_to_postgres.h"

namespace {

constexpr const char* kUsage =
    "Usage: portal-migrate [--assets DIR] [--verify-only] SQLITE_FILE POSTGRESQL_URL\n"
    "Copies a portal's SQLite database into an empty PostgreSQL database (one transaction),\n"
    "then checks that both hold the same: every table's rows, the entitlement state as both\n"
    "load it, and the server's start-up check on PostgreSQL. Stop the server first.\n"
    "  --assets DIR     catalogue.json for the start-up check [PORTAL_ASSETS]\n"
    "  --verify-only    compare a copy made before; copy nothing\n"
    "Exit status: 0 copied and identical, 1 failed or different, 2 bad arguments.\n";

using portal::server::MigrationReport;
using portal::server::TableReport;

portal::Date Today() {
    auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return portal::Date{static_cast<int>(days.time_since_epoch().count())};
}

void PrintReport(const MigrationReport& report, bool copied) {
    std::printf("%-28s %12s  %s\n", "table", "rows", copied ? "copied in" : "");
    for (const TableReport& table : report.tables) {
        std::printf("%-28s %12lld  ", table.name.c_str(), static_cast<long long>(table.rows));
        if (copied) std::printf("%7.2f s", table.copy_seconds);
        std::printf("%s\n", table.verified ? "" : "  DIFFERS");
    }
    if (copied) {
        std::printf("copied %lld rows of %zu tables (schema version %d) in %.1f s\n",
                    static_cast<long long>(report.rows), report.tables.size(),
                    report.schema_version, report.copy_seconds);
    }
    std::printf("verified in %.1f s: %s\n", report.verify_seconds,
                report.differences.empty() ? "both databases hold the same" : "DIFFERENCES");
    for (const std::string& line : report.differences) std::printf("  %s\n", line.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    std::string assets = portal::server::Config().assets_dir;
    if (const char* env = std::getenv("PORTAL_ASSETS"); env && *env) assets = env;
    bool verify_only = false;
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (arg == "--assets" && i + 1 < argc) {
            assets = argv[++i];
        } else if (arg == "--verify-only") {
            verify_only = true;
        } else if (arg.starts_with("-")) {
            std::fprintf(stderr, "portal-migrate: unknown option %s\n%s", arg.c_str(), kUsage);
            return 2;
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() != 2) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    std::string error;
    portal::Catalogue catalogue;
    if (!portal::server::LoadCatalogueFile(assets + "/catalogue.json", catalogue, error)) {
        std::fprintf(stderr, "portal-migrate: %s\n", error.c_str());
        return 2;
    }
    MigrationReport report;
    bool ok = verify_only ? portal::server::VerifySqliteCopy(positional[0], positional[1],
                                                             catalogue, Today(), report, error)
                          : portal::server::MigrateSqliteToPostgres(
                                positional[0], positional[1], catalogue, Today(), report, error);
    if (!ok) {
        std::fprintf(stderr, "portal-migrate: %s\n", error.c_str());
        return 1;
    }
    PrintReport(report, !verify_only);
    return report.differences.empty() ? 0 : 1;
}
