#include "lead_store.hpp"

#include <sqlite3.h>

namespace leadscore::cli {

namespace {

// Schema version in PRAGMA user_version: a database written by a newer inbox
// is refused rather than misread.
constexpr int schema_version = 1;

// seq gives arrival order (rowids only grow: the inbox never deletes); the
// UNIQUE constraint on id is what de-duplicates, inside SQLite, atomically.
constexpr const char* schema_sql = R"sql(
CREATE TABLE IF NOT EXISTS leads (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  visitor_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS leads_by_visitor ON leads (visitor_id, seq);
)sql";

Error storage_error(std::string message) { return Error{"leadscore.inbox.storage", "", std::move(message)}; }

bool bind_text(sqlite3_stmt* s, int i, const std::string& v) {
  return sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) == SQLITE_OK;
}

std::string column_text(sqlite3_stmt* s, int i) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, i))) : std::string();
}

// Resets a cached statement when the operation using it ends, however it ends.
struct Reset {
  sqlite3_stmt* s;
  ~Reset() {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
};

}  // namespace

Error LeadStore::failure(const std::string& doing) {
  return storage_error(doing + ": " + (db_ ? sqlite3_errmsg(db_) : "the database is closed"));
}

std::unique_ptr<LeadStore> LeadStore::open(const std::string& path, Error& error) {
  std::unique_ptr<LeadStore> store(new LeadStore());
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  store->db_ = db;  // closed by the destructor even if opening failed
  if (rc != SQLITE_OK) {
    error = storage_error("cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    return nullptr;
  }
  // Set before anything else touches the file, so a second process holding a
  // lock makes us wait instead of failing at once.
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);

  auto exec = [&](const char* sql, const char* doing) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
    error = storage_error(path + ": " + doing + ": " + (message ? message : sqlite3_errmsg(db)));
    sqlite3_free(message);
    return false;
  };

  // journal_mode answers with the mode in effect: a file system without
  // shared memory (some network mounts) keeps the old one.
  // This is also the first read of the file: one that is not a database
  // fails here.
  std::string mode;
  {
    sqlite3_stmt* s = nullptr;
    const bool read = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &s, nullptr) == SQLITE_OK &&
                      sqlite3_step(s) == SQLITE_ROW;
    if (read) mode = column_text(s, 0);
    const std::string problem = read ? std::string() : sqlite3_errmsg(db);
    sqlite3_finalize(s);
    if (!read) {
      error = storage_error("cannot open " + path + ": " + problem);
      return nullptr;
    }
  }
  if (mode != "wal") {
    error = storage_error(path + ": cannot use write-ahead logging (journal mode is \"" + mode + "\"): " +
                          sqlite3_errmsg(db));
    return nullptr;
  }
  // In WAL mode NORMAL keeps every commit across a crash of the process (the
  // WAL is in the OS's hands once COMMIT returns); only a power loss can take
  // back the last commits. FULL would fsync on every lead.
  if (!exec("PRAGMA synchronous=NORMAL", "setting synchronous=NORMAL")) return nullptr;

  // Schema: created once, checked every time. IMMEDIATE takes the write lock
  // first, so two inboxes starting on the same new file do not race.
  if (!exec("BEGIN IMMEDIATE", "starting the schema transaction")) return nullptr;
  int version = -1;
  {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
      version = sqlite3_column_int(s, 0);
    }
    sqlite3_finalize(s);
  }
  if (version > schema_version) {
    exec("ROLLBACK", "rolling back");
    error = storage_error(path + ": written by a newer leadscore (schema version " + std::to_string(version) +
                          ", this one reads " + std::to_string(schema_version) + ")");
    return nullptr;
  }
  if (!exec(schema_sql, "creating the schema") ||
      !exec(("PRAGMA user_version=" + std::to_string(schema_version)).c_str(), "setting the schema version") ||
      !exec("COMMIT", "committing the schema")) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return nullptr;
  }

  const struct {
    sqlite3_stmt** target;
    const char* sql;
  } statements[] = {
      {&store->insert_,
       "INSERT INTO leads (id, visitor_id, reason, submitted_at, received_at, payload) VALUES (?, ?, ?, ?, ?, ?) "
       "ON CONFLICT(id) DO NOTHING"},
      {&store->find_, "SELECT payload FROM leads WHERE id = ?"},
      {&store->count_, "SELECT count(*) FROM leads"},
      {&store->page_, "SELECT payload FROM leads ORDER BY seq LIMIT ? OFFSET ?"},
  };
  for (const auto& st : statements) {
    if (sqlite3_prepare_v3(db, st.sql, -1, SQLITE_PREPARE_PERSISTENT, st.target, nullptr) != SQLITE_OK) {
      // e.g. a "leads" table of some other program, without our columns
      error = storage_error(path + ": unexpected schema: " + sqlite3_errmsg(db));
      return nullptr;
    }
  }
  return store;
}

LeadStore::~LeadStore() { close(); }

void LeadStore::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (sqlite3_stmt** s : {&insert_, &find_, &count_, &page_}) {
    sqlite3_finalize(*s);
    *s = nullptr;
  }
  if (db_) {
    // The last connection to close checkpoints the WAL into the database file.
    sqlite3_close(db_);
    db_ = nullptr;
  }
}

LeadStore::Added LeadStore::add(const StoredLead& lead, Error& error) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!insert_) {
    error = failure("storing a lead");
    return Added::failed;
  }
  Reset reset{insert_};
  const bool bound = bind_text(insert_, 1, lead.id) && bind_text(insert_, 2, lead.visitor_id) &&
                     bind_text(insert_, 3, lead.reason) && bind_text(insert_, 4, lead.submitted_at) &&
                     sqlite3_bind_int64(insert_, 5, lead.received_at) == SQLITE_OK &&
                     bind_text(insert_, 6, lead.payload);
  if (!bound || sqlite3_step(insert_) != SQLITE_DONE) {
    error = failure("storing lead " + lead.id);
    return Added::failed;
  }
  // DO NOTHING leaves changes() at 0: another request stored this id first.
  return sqlite3_changes(db_) == 1 ? Added::stored : Added::duplicate;
}

std::optional<std::string> LeadStore::find(const std::string& id, Error& error) {
  std::lock_guard<std::mutex> lock(mutex_);
  error = Error{};
  if (!find_) {
    error = failure("reading a lead");
    return std::nullopt;
  }
  Reset reset{find_};
  if (!bind_text(find_, 1, id)) {
    error = failure("reading lead " + id);
    return std::nullopt;
  }
  const int rc = sqlite3_step(find_);
  if (rc == SQLITE_ROW) return column_text(find_, 0);
  if (rc != SQLITE_DONE) error = failure("reading lead " + id);
  return std::nullopt;
}

bool LeadStore::list(std::int64_t offset, std::int64_t limit, Page& out, Error& error) {
  std::lock_guard<std::mutex> lock(mutex_);
  out = Page{};
  if (!count_) {
    error = failure("listing leads");
    return false;
  }
  // One read transaction: another process may write between the two queries.
  if (sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
    error = failure("listing leads");
    return false;
  }
  bool ok = false;
  {
    Reset reset_count{count_};
    Reset reset_page{page_};
    if (sqlite3_step(count_) == SQLITE_ROW) {
      out.total = sqlite3_column_int64(count_, 0);
      if (sqlite3_bind_int64(page_, 1, limit < 0 ? -1 : limit) == SQLITE_OK &&
          sqlite3_bind_int64(page_, 2, offset) == SQLITE_OK) {
        int rc;
        while ((rc = sqlite3_step(page_)) == SQLITE_ROW) out.payloads.push_back(column_text(page_, 0));
        ok = rc == SQLITE_DONE;
      }
    }
    if (!ok) error = failure("listing leads");
  }
  sqlite3_exec(db_, ok ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
  if (!ok) out = Page{};
  return ok;
}

}  // namespace leadscore::cli
