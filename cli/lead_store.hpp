#pragma once
// The reference lead inbox's storage: received lead payloads in SQLite,
// de-duplicated by payload id (the sender's idempotency key).
//
// Concurrency: one connection, guarded by one mutex. SQLite lets only one
// writer commit at a time whatever the number of connections, and the inbox is
// write-heavy, so connections per thread would mostly trade this mutex for
// SQLITE_BUSY retries (the busy handler sleeps and polls, which is slower and
// less fair than a mutex). With WAL and synchronous=NORMAL a commit appends to
// the WAL without an fsync, so the lock is held for tens of microseconds. The
// mutex also makes the connection's per-statement state safe to share: the
// cached prepared statements, sqlite3_changes() after an insert and
// sqlite3_errmsg() after a failure. The busy timeout covers other processes
// using the same file (the sqlite3 shell, a second inbox).

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "leadscore/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace leadscore::cli {

/// One received lead, as stored.
struct StoredLead {
  std::string id;            ///< payload id, unique in the inbox
  std::string visitor_id;
  std::string reason;
  std::string submitted_at;  ///< as the payload says (ISO 8601)
  std::int64_t received_at = 0;  ///< epoch ms, from the inbox's clock
  std::string payload;       ///< the payload's canonical JSON text
};

class LeadStore {
 public:
  /// Opens or creates the inbox at `path` (WAL, synchronous=NORMAL, busy
  /// timeout; schema created if missing). On failure returns nullptr and sets
  /// `error` (id "leadscore.inbox.storage").
  static std::unique_ptr<LeadStore> open(const std::string& path, Error& error);
  ~LeadStore();
  LeadStore(const LeadStore&) = delete;
  LeadStore& operator=(const LeadStore&) = delete;

  enum class Added { stored, duplicate, failed };
  /// Inserts the lead unless one with its id is stored already: one
  /// INSERT ... ON CONFLICT(id) DO NOTHING, so two concurrent requests with
  /// the same id cannot both store it. `failed` sets `error`.
  Added add(const StoredLead& lead, Error& error);

  /// The stored payload text of lead `id`; nullopt if there is none (then
  /// `error.id` is empty) or reading failed (then `error` says why).
  std::optional<std::string> find(const std::string& id, Error& error);

  struct Page {
    std::int64_t total = 0;             ///< leads in the inbox
    std::vector<std::string> payloads;  ///< the requested ones, in arrival order
  };
  /// Payloads in arrival order, skipping `offset`, at most `limit` (< 0: all),
  /// read in one transaction so `total` and the page agree.
  bool list(std::int64_t offset, std::int64_t limit, Page& out, Error& error);

  /// Closes the database (checkpointing the WAL). Further calls fail.
  void close();

 private:
  LeadStore() = default;
  Error failure(const std::string& doing);  // from sqlite3_errmsg; call with mutex_ held

  std::mutex mutex_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* find_ = nullptr;
  sqlite3_stmt* count_ = nullptr;
  sqlite3_stmt* page_ = nullptr;
};

}  // namespace leadscore::cli
