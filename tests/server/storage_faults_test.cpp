// Storage that fails under the server (issue 19): the SQLite database on a small filesystem that
// the test fills up (a tmpfs: ENOSPC), or on a loop device whose backing store fills up (the
// write-back fails: an I/O error at fsync); on the PostgreSQL run, the database's tablespace on
// a small tmpfs. Writes answer 503 storage_unavailable and change
// nothing, no write that failed is ever acknowledged, reads go on, and writes work again by
// themselves once space returns, also across a restart. Needs root (mount, losetup); skipped
// with a message otherwise.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "api_fixture.h"
#include "server/database.h"
#include "test_database.h"

namespace portal::server {
namespace {

using testing::ApiAnswer;
using testing::ApiClient;
using testing::ApiTest;
using testing::kAnne;
using testing::Str;

// Large enough for the demo database and its WAL, small enough to fill in a blink.
constexpr const char* kDiskSize = "size=24m";

// Fills the filesystem of file with it, to the last byte it accepts.
void FillDisk(const std::filesystem::path& file) {
    int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    std::vector<char> block(1 << 20, 'x');
    for (size_t size = block.size(); size > 0; size /= 2) {
        while (write(fd, block.data(), size) == static_cast<ssize_t>(size)) {
        }
    }
    close(fd);
}

// Empties the WAL into the database file and truncates it, so that the next write needs new
// space (a WAL keeps its size after a checkpoint, and a write that fits in it needs no disk).
void TruncateWal(const std::string& path) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* message = nullptr;
    int rc = sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, &message);
    EXPECT_EQ(rc, SQLITE_OK) << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
}

api::Json RoomBody(const std::string& name) {
    return {{"name", name}, {"site", "Lyon"}, {"country", "FR"}, {"capacity", 4}};
}

// Runs a shell command; true when it exits 0. Its output goes to the test's log.
bool Shell(const std::string& command) {
    return std::system(command.c_str()) == 0;
}

// The server on the demo data, its SQLite database on a small filesystem of its own, mounted
// over dir_ before the fixture writes anything there. Subclasses say which filesystem.
class SmallDiskTest : public ApiTest {
  protected:
    void SetUp() override {
        if (testing::UsingPostgres() != OnPostgres()) {
            GTEST_SKIP() << "for the other backend's run (each has its own small-disk tests)";
        }
        if (geteuid() != 0) GTEST_SKIP() << "needs root to mount a small filesystem: not run";
        std::string why;
        if (!MountDisk(why)) GTEST_SKIP() << why << ": not run";
        ApiTest::SetUp();
        AfterStart();
    }

    // The backend whose run this fixture belongs to.
    virtual bool OnPostgres() const { return false; }
    // Moves the started server's database onto the disk, if it is not there yet.
    virtual void AfterStart() {}
    void TearDown() override {
        ApiTest::TearDown();
        UnmountDisk();
    }

    // Mounts the filesystem over dir_; false with why when this machine cannot.
    virtual bool MountDisk(std::string& why) = 0;
    virtual void UnmountDisk() = 0;
    // Where a file that fills the space the database needs goes.
    virtual std::filesystem::path Filler() const = 0;
    // Gives back what the filesystem can (a loop device's freed blocks); nothing by default.
    virtual void TrimDisk() {}

    // The WAL emptied, then the disk filled: the next write needs space it cannot have.
    void RunOutOfSpace() {
        TruncateWal(DatabasePath());
        TrimDisk();
        FillDisk(Filler());
    }

    std::string DatabasePath() const { return (dir_.path() / "portal.db").string(); }
    // Looked up once, before the disk fills: on PostgreSQL a new connection to a database whose
    // disk is full fails ("could not write init file").
    const std::string& RoomsPath() const {
        if (rooms_path_.empty()) rooms_path_ = Account(NorthwindHq(), "/rooms");
        return rooms_path_;
    }

    std::set<std::string> RoomNames(const ApiClient& client) const {
        ApiAnswer rooms = client.Get(RoomsPath());
        EXPECT_EQ(rooms.status, 200) << rooms.body;
        std::set<std::string> names;
        if (!rooms.json.is_object()) return names;
        for (const api::Json& room : rooms.json["rooms"]) {
            names.insert(room["name"].get<std::string>());
        }
        return names;
    }

    // Four writers create rooms at full speed while the disk fills, until 40 are refused: every
    // room acknowledged is there after space returns and a restart, none refused is, and reads
    // during the refusals answer.
    void RaceWritersAgainstAFillingDisk();

    mutable std::string rooms_path_;
};

void SmallDiskTest::RaceWritersAgainstAFillingDisk() {
    ApiClient anne = SignInAs(kAnne);
    std::set<std::string> before = RoomNames(anne);
    if (!OnPostgres()) TruncateWal(DatabasePath());
    TrimDisk();

    struct Outcome {
        std::string name;
        int status;
    };
    std::mutex mutex;
    std::vector<Outcome> outcomes;
    std::atomic<bool> stop{false};
    std::atomic<int> refusals{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
        writers.emplace_back([&, w] {
            ApiClient client(server_->Port(), anne.cookie());
            for (int i = 0; !stop; ++i) {
                std::string name = "Salle " + std::to_string(w) + "-" + std::to_string(i);
                int status = client.Post(RoomsPath(), RoomBody(name)).status;
                if (status == 503) ++refusals;
                std::lock_guard lock(mutex);
                outcomes.push_back({name, status});
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    FillDisk(Filler());
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (refusals < 40 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // Reads while the writers are being refused.
    std::set<std::string> during = RoomNames(anne);
    stop = true;
    for (std::thread& writer : writers) writer.join();
    ASSERT_GE(refusals.load(), 40) << "the full disk never refused a write";

    std::set<std::string> acknowledged;
    std::set<std::string> refused;
    for (const Outcome& outcome : outcomes) {
        if (outcome.status == 201) {
            acknowledged.insert(outcome.name);
        } else {
            EXPECT_EQ(outcome.status, 503) << outcome.name;
            refused.insert(outcome.name);
        }
    }
    for (const std::string& name : during) {
        EXPECT_TRUE(before.count(name) || acknowledged.count(name) || refused.count(name)) << name;
    }

    std::filesystem::remove(Filler());
    EXPECT_EQ(anne.Post(RoomsPath(), RoomBody("Salle d'après")).status, 201);
    StopServer();
    StartServer();
    std::set<std::string> after = RoomNames(SignInAs(kAnne));
    for (const std::string& name : acknowledged) EXPECT_TRUE(after.count(name)) << "lost: " << name;
    for (const std::string& name : refused) EXPECT_FALSE(after.count(name)) << "kept: " << name;
    EXPECT_TRUE(after.count("Salle d'après"));
    RecordProperty("acknowledged", static_cast<int>(acknowledged.size()));
    RecordProperty("refused", static_cast<int>(refused.size()));
}

// A tmpfs: a write that needs space gets ENOSPC (SQLITE_FULL).
class FullDiskTest : public SmallDiskTest {
  protected:
    bool MountDisk(std::string& why) override {
        if (mount("portal-test-disk", dir_.path().c_str(), "tmpfs", 0, kDiskSize) != 0) {
            why = std::string("cannot mount a tmpfs here (") + std::strerror(errno) + ")";
            return false;
        }
        mounted_ = true;
        return true;
    }
    void UnmountDisk() override {
        if (mounted_) umount2(dir_.path().c_str(), MNT_DETACH);
    }
    std::filesystem::path Filler() const override { return dir_.path() / "filler"; }

    bool mounted_ = false;
};

// An ext2 filesystem on a loop device whose backing file lies, sparse, on a small tmpfs: the
// filesystem has room and every write() succeeds, but once the tmpfs is full the block device
// fails the write-back, and fsync reports the I/O error (SQLite: SQLITE_IOERR_FSYNC). The
// failure a dying disk or a full thin-provisioned volume gives.
class WriteBackFailureTest : public SmallDiskTest {
  protected:
    bool MountDisk(std::string& why) override {
        if (mount("portal-test-backing", backing_.path().c_str(), "tmpfs", 0, kDiskSize) != 0) {
            why = std::string("cannot mount a tmpfs here (") + std::strerror(errno) + ")";
            return false;
        }
        backing_mounted_ = true;
        std::string image = backing_ / "disk.img";
        std::string device_file = backing_ / "device";
        if (!Shell("truncate -s 64m " + image + " && losetup -f --show " + image + " > " +
                   device_file)) {
            why = "no loop device here (losetup failed)";
            return false;
        }
        std::getline(std::ifstream(device_file), device_);
        std::filesystem::remove(device_file);
        if (!Shell("mkfs.ext2 -q " + device_ + " && mount -o errors=continue " + device_ + " " +
                   dir_.path().string())) {
            why = "cannot make or mount an ext2 filesystem on " + device_;
            return false;
        }
        disk_mounted_ = true;
        return true;
    }
    void UnmountDisk() override {
        if (disk_mounted_) umount2(dir_.path().c_str(), MNT_DETACH);
        if (!device_.empty()) Shell("losetup -d " + device_);
        if (backing_mounted_) umount2(backing_.path().c_str(), MNT_DETACH);
    }
    std::filesystem::path Filler() const override { return backing_.path() / "filler"; }
    // The blocks the emptied WAL had are still backed by tmpfs pages, and ext2 would hand them
    // out again: a discard (loop punches holes in its file) makes every free block need space.
    void TrimDisk() override { EXPECT_TRUE(Shell("fstrim " + dir_.path().string())); }

    testing::TempDir backing_;
    std::string device_;
    bool backing_mounted_ = false;
    bool disk_mounted_ = false;
};

// PostgreSQL: the database's tablespace on a small tmpfs (its WAL elsewhere, as production
// servers keep it), so that a table that must grow gets ENOSPC: SQLSTATE 53100, disk_full. A
// table page with room left takes a row without new space, so writers go on until refusals
// come, as for SQLite.
class PostgresFullDiskTest : public SmallDiskTest {
  protected:
    bool OnPostgres() const override { return true; }
    bool MountDisk(std::string& why) override {
        admin_ = Database::Open(std::getenv("PORTAL_TEST_POSTGRESQL"), why);
        if (!admin_) return false;
        Statement owner = admin_->Prepare("SELECT current_setting('data_directory')");
        struct stat data;
        if (!owner.Valid() || owner.Step() != StepResult::Row ||
            stat(owner.ColumnText(0).c_str(), &data) != 0) {
            why = "cannot find the PostgreSQL server's data directory";
            return false;
        }
        if (mount("portal-test-tablespace", space_.path().c_str(), "tmpfs", 0, kDiskSize) != 0) {
            why = std::string("cannot mount a tmpfs here (") + std::strerror(errno) + ")";
            return false;
        }
        mounted_ = true;
        // The server runs as its own user, who must own the tablespace's folder.
        if (chown(space_.path().c_str(), data.st_uid, data.st_gid) != 0 ||
            chmod(space_.path().c_str(), 0700) != 0) {
            why = "cannot give the tmpfs to the PostgreSQL server's user";
            return false;
        }
        tablespace_ = "portal_small_" + std::to_string(getpid());
        if (!admin_->Exec("CREATE TABLESPACE " + tablespace_ + " LOCATION '" +
                          space_.path().string() + "'")) {
            why = "cannot create a tablespace: " + admin_->Error();
            tablespace_.clear();
            return false;
        }
        return true;
    }
    void AfterStart() override {
        // A database moves only when nobody is connected to it.
        StopServer();
        database_name_ = database_.target().substr(database_.target().rfind('/') + 1);
        database_name_ = database_name_.substr(0, database_name_.find('?'));
        ASSERT_TRUE(
            admin_->Exec("ALTER DATABASE \"" + database_name_ + "\" SET TABLESPACE " + tablespace_))
            << admin_->Error();
        StartServer();
    }
    void UnmountDisk() override {
        if (admin_ && !tablespace_.empty()) {
            if (!database_name_.empty()) {
                admin_->Exec("ALTER DATABASE \"" + database_name_ + "\" SET TABLESPACE pg_default");
            }
            admin_->Exec("DROP TABLESPACE " + tablespace_);
        }
        if (mounted_) umount2(space_.path().c_str(), MNT_DETACH);
    }
    std::filesystem::path Filler() const override { return space_.path() / "filler"; }

    std::unique_ptr<Database> admin_;
    testing::TempDir space_;
    std::string tablespace_;
    std::string database_name_;
    bool mounted_ = false;
};

TEST_F(PostgresFullDiskTest, WritersRacingAFillingDiskAreNeverToldYesForAWriteThatIsNotThere) {
    RaceWritersAgainstAFillingDisk();
}

TEST_F(FullDiskTest, AFullDiskRefusesWritesWith503ReadsGoOnAndWritesComeBackWithSpace) {
    ApiClient anne = SignInAs(kAnne);
    std::set<std::string> before = RoomNames(anne);
    ASSERT_FALSE(before.empty());

    RunOutOfSpace();

    ApiAnswer refused = anne.Post(RoomsPath(), RoomBody("Salle du disque plein"));
    EXPECT_EQ(refused.status, 503) << refused.body;
    EXPECT_EQ(refused.ErrorCode(), "storage_unavailable");
    EXPECT_EQ(refused.Header("Retry-After"), "30");
    EXPECT_NE(refused.json["error"]["message"].get<std::string>().find("Nothing was changed"),
              std::string::npos);
    // The same request with an Idempotency-Key: refused too, and the key is not spent on it.
    httplib::Headers keyed{{"Idempotency-Key", "full-disk-1"}};
    EXPECT_EQ(anne.Post(RoomsPath(), RoomBody("Salle idempotente"), keyed).status, 503);

    // Reads go on, and show nothing of the refused writes.
    EXPECT_EQ(RoomNames(anne), before);
    EXPECT_EQ(anne.Get("/api/v1/health").status, 200);
    EXPECT_EQ(anne.Get(Account(NorthwindHq(), "/contracts")).status, 200);

    // Space returns: the next writes are accepted, with nothing to restart.
    std::filesystem::remove(Filler());
    ApiAnswer accepted = anne.Post(RoomsPath(), RoomBody("Salle du disque plein"));
    EXPECT_EQ(accepted.status, 201) << accepted.body;
    ApiAnswer keyed_again = anne.Post(RoomsPath(), RoomBody("Salle idempotente"), keyed);
    EXPECT_EQ(keyed_again.status, 201) << keyed_again.body;
    EXPECT_TRUE(keyed_again.Header("Idempotent-Replayed").empty());
    std::set<std::string> after = before;
    after.insert({"Salle du disque plein", "Salle idempotente"});
    EXPECT_EQ(RoomNames(anne), after);

    // And a restart finds a whole, consistent database (the start-up check passes).
    StopServer();
    StartServer();
    EXPECT_EQ(RoomNames(SignInAs(kAnne)), after);
}

TEST_F(FullDiskTest, WritersRacingAFillingDiskAreNeverToldYesForAWriteThatIsNotThere) {
    RaceWritersAgainstAFillingDisk();
}

TEST_F(WriteBackFailureTest, WritersRacingFailingWriteBacksAreNeverToldYesForAWriteThatIsNotThere) {
    RaceWritersAgainstAFillingDisk();
}

TEST_F(WriteBackFailureTest, AnIoErrorAtFsyncIsRefusedWith503ReadsGoOnAndTheServerRecovers) {
    ApiClient anne = SignInAs(kAnne);
    std::set<std::string> before = RoomNames(anne);
    ASSERT_FALSE(before.empty());
    RunOutOfSpace();

    ApiAnswer refused = anne.Post(RoomsPath(), RoomBody("Salle sans disque"));
    EXPECT_EQ(refused.status, 503) << refused.body;
    EXPECT_EQ(refused.ErrorCode(), "storage_unavailable");
    EXPECT_EQ(RoomNames(anne), before);
    // And again: a failed fsync does not leave the connection unable to tell the next one.
    EXPECT_EQ(anne.Post(RoomsPath(), RoomBody("Salle sans disque 2")).status, 503);
    EXPECT_EQ(anne.Get(Account(NorthwindHq(), "/contracts")).status, 200);

    std::filesystem::remove(Filler());
    ApiAnswer accepted = anne.Post(RoomsPath(), RoomBody("Salle après la panne"));
    EXPECT_EQ(accepted.status, 201) << accepted.body;
    std::set<std::string> after = before;
    after.insert("Salle après la panne");
    EXPECT_EQ(RoomNames(anne), after);
    StopServer();
    StartServer();
    EXPECT_EQ(RoomNames(SignInAs(kAnne)), after);
}

}  // namespace
}  // namespace portal::server
