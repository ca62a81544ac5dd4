// `leadscore serve`: the demo/test site (static files from --root) and a
// reference lead inbox (POST /leads stores, GET /leads lists) on one port,
// with CORS for the origins given. cpp-httplib does HTTP; routing is plain
// string comparison here (httplib's own route table compiles regexes).
#include <dirent.h>
#include <httplib.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "cli.hpp"
#include "lead_intake.hpp"
#include "lead_store.hpp"
#include "leadscore/json_writer.hpp"
#include "static_files.hpp"

namespace leadscore::cli {

namespace {

using httplib::Request;
using httplib::Response;
using HandlerResponse = httplib::Server::HandlerResponse;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// httplib serves each connection on one pooled thread for as long as the
// connection lives, idle keep-alive time included. A fixed pool therefore
// stalls new connections behind idle ones (a browser opens several; a burst
// of 200 requests opens 200). This pool adds a thread whenever no idle thread
// can take a new connection, up to `max`, and keeps the threads it made.
//
// httplib calls shutdown() once its accept loop has ended; `before_join` runs
// then (see end_connections), when no connection can be accepted any more.
class ElasticPool final : public httplib::TaskQueue {
 public:
  ElasticPool(std::size_t min, std::size_t max, std::function<void()> before_join)
      : max_(max < 1 ? 1 : max), before_join_(std::move(before_join)) {
    std::lock_guard<std::mutex> lock(mutex_);
    while (threads_.size() < min && threads_.size() < max_) spawn();
  }

  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      jobs_.push_back(std::move(fn));
      if (!shutdown_ && idle_ < jobs_.size() && threads_.size() < max_) spawn();
    }
    ready_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      shutdown_ = true;
    }
    ready_.notify_all();
    if (before_join_) before_join_();
    for (std::thread& t : threads_) t.join();  // no spawns after shutdown_
  }

 private:
  void spawn() {  // with mutex_ held
    threads_.emplace_back([this] { work(); });
  }

  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ++idle_;
        ready_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
        --idle_;
        if (jobs_.empty()) return;  // shutting down, and nothing left to serve
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  const std::size_t max_;
  const std::function<void()> before_join_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool shutdown_ = false;
};

bool is_leads_path(const std::string& path) { return path == "/leads" || path.rfind("/leads/", 0) == 0; }

// A request that carries a body must have it read before the connection can
// serve its next request; requests with a body are left to httplib, which
// reads it, so that a body never lands where the next request line should be.
bool has_body(const Request& req) {
  if (req.has_header("Transfer-Encoding")) return true;
  const std::string length = req.get_header_value("Content-Length");
  return !length.empty() && length != "0";
}

// Content-Length as a number; nullopt if it is not one (or absurdly large).
std::optional<std::size_t> content_length(const Request& req) {
  const std::string text = req.get_header_value("Content-Length");
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(std::stoull(text));
}

// Reason phrases for the statuses httplib may hand to the error page.
const char* reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

std::optional<std::int64_t> whole_number(const std::string& text) {
  if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(std::stoll(text));
}

class Inbox {
 public:
  Inbox(const ServeOptions& options, LeadStore& store, StaticRoot root)
      : options_(options), store_(store), root_(std::move(root)) {
    for (const std::string& o : options_.allow_origins) any_origin_ = any_origin_ || o == "*";
  }

  void install(httplib::Server& server) {
    server.set_pre_routing_handler([this](const Request& req, Response& res) { return route(req, res); });
    server.Post("/leads", [this](const Request& req, Response& res, const httplib::ContentReader& reader) {
      post_lead(req, res, reader);
    });
    server.set_expect_100_continue_handler([this](const Request& req, Response& res) { return expect(req, res); });
    server.set_error_handler([this](const Request& req, Response& res) { error_page(req, res); });
    server.set_exception_handler([this](const Request& req, Response& res, std::exception_ptr) {
      send_json(req, res, 500, error_json(inbox_error("internal", "internal error")));
    });
  }

 private:
  // ------------------------------------------------------------ routing
  HandlerResponse route(const Request& req, Response& res) {
    if (req.method == "POST" || has_body(req)) return HandlerResponse::Unhandled;
    const bool read = req.method == "GET" || req.method == "HEAD";
    if (is_leads_path(req.path)) {
      if (req.method == "OPTIONS") {
        preflight(req, res);
      } else if (!read) {
        method_not_allowed(req, res);
      } else if (req.path == "/leads") {
        list_leads(req, res);
      } else {
        one_lead(req, res, req.path.substr(std::strlen("/leads/")));
      }
    } else if (req.method == "OPTIONS") {
      cors(req, res);
      res.status = 204;
      res.set_header("Allow", "GET, HEAD, OPTIONS");
    } else if (read) {
      static_file(req, res);
    } else {
      method_not_allowed(req, res);
    }
    return HandlerResponse::Handled;
  }

  // ------------------------------------------------------------ CORS
  bool origin_allowed(const std::string& origin) const {
    if (origin.empty()) return false;
    for (const std::string& o : options_.allow_origins) {
      if (o == origin) return true;
    }
    // "*" means any real origin; the opaque "null" (sandboxed frames, file:)
    // only when listed by name.
    return any_origin_ && origin != "null";
  }

  // Without a match no CORS header is sent, and the browser keeps the
  // response from the page: that refusal is the point.
  bool cors(const Request& req, Response& res) const {
    if (options_.allow_origins.empty()) return false;
    if (!res.has_header("Vary")) res.set_header("Vary", "Origin");
    const std::string origin = req.get_header_value("Origin");
    if (!origin_allowed(origin)) return false;
    if (!res.has_header("Access-Control-Allow-Origin")) res.set_header("Access-Control-Allow-Origin", origin);
    return true;
  }

  void preflight(const Request& req, Response& res) const {
    res.status = 204;
    res.set_header("Allow", "GET, HEAD, POST, OPTIONS");
    if (!cors(req, res)) return;
    res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization");
    res.set_header("Access-Control-Max-Age", "7200");  // Chromium's ceiling
    // Chromium's Private Network Access: a public page posting to localhost.
    if (req.get_header_value("Access-Control-Request-Private-Network") == "true") {
      res.set_header("Access-Control-Allow-Private-Network", "true");
    }
  }

  // ------------------------------------------------------------ answers
  void send_json(const Request& req, Response& res, int status, const std::string& body) const {
    res.status = status;
    res.set_content(body, "application/json");
    if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
    if (!res.has_header("X-Content-Type-Options")) res.set_header("X-Content-Type-Options", "nosniff");
    cors(req, res);
  }

  void refuse(const Request& req, Response& res, int status, const Error& error, const Errors& errors = {}) const {
    send_json(req, res, status, error_json(error, errors));
  }

  void method_not_allowed(const Request& req, Response& res) const {
    const bool leads = req.path == "/leads";
    res.set_header("Allow", leads ? "GET, HEAD, POST, OPTIONS" : "GET, HEAD, OPTIONS");
    if (is_leads_path(req.path)) {
      refuse(req, res, 405, inbox_error("method_not_allowed", req.method + " is not allowed on " + req.path));
    } else {
      res.status = 405;
      res.set_content("405 Method Not Allowed\n", "text/plain; charset=utf-8");
      cors(req, res);
    }
  }

  // Statuses httplib sets itself (a body over the limit, a malformed request,
  // no route) arrive here with an empty body.
  void error_page(const Request& req, Response& res) const {
    if (!res.body.empty()) return;
    if (res.status == 404 && is_leads_path(req.path) && req.method != "GET" && req.method != "HEAD") {
      method_not_allowed(req, res);
      return;
    }
    if (is_leads_path(req.path)) {
      const char* kind = res.status == 413 ? "too_large" : res.status == 404 ? "not_found" : "bad_request";
      std::string message = res.status == 413 ? "the body is larger than " + std::to_string(options_.max_body) + " bytes"
                                              : reason_phrase(res.status);
      refuse(req, res, res.status, inbox_error(kind, message));
    } else {
      res.set_content(std::to_string(res.status) + " " + reason_phrase(res.status) + "\n",
                      "text/plain; charset=utf-8");
      cors(req, res);
    }
  }

  // ------------------------------------------------------------ POST /leads
  int expect(const Request& req, Response& res) const {
    // A client that waits for "100 Continue" learns before sending the body
    // that it would be refused.
    if (req.method == "POST" && req.path == "/leads") {
      if (body_format(req.get_header_value("Content-Type")) == BodyFormat::unsupported) {
        refuse(req, res, 415, take_lead(BodyFormat::unsupported, {}, 0).error);
        res.set_header("Connection", "close");
        return 415;
      }
      if (!req.has_header("Content-Length")) return 100;  // chunked: measured as it arrives
      const auto length = content_length(req);
      if (!length) {
        refuse(req, res, 400, bad_length());
        res.set_header("Connection", "close");
        return 400;
      }
      if (*length > options_.max_body) {
        refuse(req, res, 413, too_large());
        res.set_header("Connection", "close");
        return 413;
      }
    }
    return 100;
  }

  static Error bad_length() { return inbox_error("body", "Content-Length is not a number of bytes"); }

  Error too_large() const {
    return inbox_error("too_large", "the body is larger than " + std::to_string(options_.max_body) + " bytes");
  }

  void post_lead(const Request& req, Response& res, const httplib::ContentReader& reader) {
    const BodyFormat format = body_format(req.get_header_value("Content-Type"));
    // Decided from Content-Length before a byte is read; a chunked body is
    // measured as it arrives.
    const bool announced = req.has_header("Content-Length");
    const auto length = content_length(req);
    bool over = announced && (!length || *length > options_.max_body);
    std::string body;
    std::size_t seen = 0;
    // Past the limit the rest is read and dropped, so that the connection can
    // serve its next request, but not forever.
    const std::size_t drain_limit = std::max<std::size_t>(options_.max_body * 16, 16u << 20);
    bool read = true;
    if (!over) {
      read = reader([&](const char* data, std::size_t n) {
        seen += n;
        if (seen > options_.max_body) {
          over = true;
          std::string().swap(body);
        } else if (format != BodyFormat::unsupported) {
          body.append(data, n);
        }
        return seen <= drain_limit;
      });
    } else {
      // httplib skips the announced length itself (its payload limit is ours).
      read = reader([](const char*, std::size_t) { return true; });
    }
    if (!read || (over && seen > drain_limit)) res.set_header("Connection", "close");

    if (announced && !length) {
      // Where this body ends is unknown: the connection cannot go on.
      res.set_header("Connection", "close");
      refuse(req, res, 400, bad_length());
      return;
    }
    if (format == BodyFormat::unsupported) {
      const Intake refused = take_lead(format, {}, 0);
      refuse(req, res, refused.status, refused.error);
      return;
    }
    if (over) {
      refuse(req, res, 413, too_large());
      return;
    }
    if (!read) {
      refuse(req, res, 400, inbox_error("body", "the body could not be read to its end"));
      return;
    }
    Intake intake = take_lead(format, body, now_ms());
    if (intake.status != 0) {
      refuse(req, res, intake.status, intake.error, intake.errors);
      return;
    }
    Error error;
    const LeadStore::Added added = store_.add(intake.lead, error);
    if (added == LeadStore::Added::failed) {
      // The sender keeps the payload and retries (delivery is at-least-once).
      res.set_header("Retry-After", "1");
      refuse(req, res, 503, error);
      return;
    }
    JsonWriter w;
    w.begin_object().field("id", intake.lead.id);
    if (added == LeadStore::Added::stored) {
      w.field("stored", true).end_object();
      res.set_header("Location", "/leads/" + intake.lead.id);  // ids are URL-safe (validated)
      send_json(req, res, 201, w.take());
    } else {
      w.field("stored", false).field("duplicate", true).end_object();
      send_json(req, res, 200, w.take());
    }
  }

  // ------------------------------------------------------------ GET /leads
  void list_leads(const Request& req, Response& res) {
    std::int64_t limit = -1, offset = 0;
    for (auto [name, target] : {std::pair<const char*, std::int64_t*>{"limit", &limit}, {"offset", &offset}}) {
      if (!req.has_param(name)) continue;
      const auto n = whole_number(req.get_param_value(name));
      if (!n) {
        refuse(req, res, 400,
               inbox_error("query", std::string(name) + " must be a whole number from 0, not \"" +
                                        req.get_param_value(name) + "\""));
        return;
      }
      *target = *n;
    }
    LeadStore::Page page;
    Error error;
    if (!store_.list(offset, limit, page, error)) {
      refuse(req, res, 503, error);
      return;
    }
    JsonWriter w;
    w.begin_object().field("count", page.total).field("offset", offset).key("leads").begin_array();
    for (const std::string& payload : page.payloads) w.raw(payload);
    w.end_array().end_object();
    send_json(req, res, 200, w.take());
  }

  void one_lead(const Request& req, Response& res, const std::string& id) {
    Error error;
    const auto payload = id.empty() ? std::nullopt : store_.find(id, error);
    if (payload) {
      send_json(req, res, 200, *payload);
    } else if (!error.id.empty()) {
      refuse(req, res, 503, error);
    } else {
      refuse(req, res, 404, inbox_error("not_found", "no lead with id \"" + id + "\""));
    }
  }

  // ------------------------------------------------------------ static files
  void static_file(const Request& req, Response& res) const {
    const StaticTarget target = root_.resolve(req.path);
    if (target.kind == StaticTarget::Kind::directory_without_slash) {
      // Redirect with the path as it was sent (still percent-encoded).
      std::string location = req.target;
      const std::size_t query = location.find('?');
      location.insert(query == std::string::npos ? location.size() : query, "/");
      res.set_redirect(location, 301);
      cors(req, res);
      return;
    }
    std::string problem;
    const auto data = target.kind == StaticTarget::Kind::file ? read_input(target.file, problem) : std::nullopt;
    if (!data) {
      res.status = 404;
      res.set_content("404 Not Found\n", "text/plain; charset=utf-8");
      cors(req, res);
      return;
    }
    const char* type = content_type_for(target.file);
    res.status = 200;
    res.set_content(*data, type);
    res.set_header("Cache-Control", "no-cache");  // a dev site: always revalidate
    res.set_header("X-Content-Type-Options", "nosniff");
    if (!options_.csp.empty() && is_html_type(type)) res.set_header("Content-Security-Policy", options_.csp);
    cors(req, res);
  }

  const ServeOptions& options_;
  LeadStore& store_;
  StaticRoot root_;
  bool any_origin_ = false;
};

// httplib looks for a stop only between requests, so a connection idle in
// keep-alive holds its thread, and the stop, for up to the keep-alive
// timeout. Shutting down the read side of this server's accepted connections
// ends the idle ones at once; a request being handled still gets its answer.
// httplib does not expose its connections, so they are found among the
// process's open sockets by their local port. Runs after the accept loop has
// ended, so no socket is added during the scan; the listening socket, which
// stop() is closing meanwhile, is skipped by its number. Threads finishing a
// connection close theirs meanwhile (ThreadSanitizer reports that as a race on
// the descriptor): a descriptor closed under the scan fails fstat or
// getsockname, and one reused under it can only be a file, not a socket on
// this port.
void end_connections(int port, int listening) {
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) return;
  while (const dirent* entry = ::readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == ::dirfd(dir) || fd == listening) continue;
    struct stat st {};
    if (::fstat(static_cast<int>(fd), &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    sockaddr_storage local{}, peer{};
    socklen_t local_size = sizeof local, peer_size = sizeof peer;
    if (::getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&local), &local_size) != 0 ||
        ::getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0) {
      continue;
    }
    int local_port = -1;
    if (local.ss_family == AF_INET) local_port = ntohs(reinterpret_cast<const sockaddr_in&>(local).sin_port);
    if (local.ss_family == AF_INET6) local_port = ntohs(reinterpret_cast<const sockaddr_in6&>(local).sin6_port);
    if (local_port == port) ::shutdown(static_cast<int>(fd), SHUT_RD);
  }
  ::closedir(dir);
}

std::string url_host(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;  // IPv6 literal
}

}  // namespace

int serve(const ServeOptions& options) {
  std::string problem;
  auto root = StaticRoot::open(options.root, problem);
  if (!root) {
    std::fprintf(stderr, "leadscore: %s\n", problem.c_str());
    return 2;
  }
  // httplib says nothing when --host does not resolve (errno is whatever it
  // was: "No such file or directory"); ask the resolver first and say why.
  {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    const int rc = ::getaddrinfo(options.host.c_str(), nullptr, &hints, &found);
    if (rc != 0) {
      std::fprintf(stderr, "leadscore: cannot listen on %s:%d: %s is not an address or a host name that resolves (%s)\n",
                   options.host.c_str(), options.port, options.host.c_str(),
                   rc == EAI_SYSTEM ? std::strerror(errno) : gai_strerror(rc));
      return 2;
    }
    ::freeaddrinfo(found);
  }
  Error error;
  std::unique_ptr<LeadStore> store = LeadStore::open(options.db_path, error);
  if (!store) {
    std::fprintf(stderr, "leadscore: %s\n", error.message.c_str());
    return 2;
  }

  // SIGINT and SIGTERM are taken by one thread with sigwait (blocked in every
  // other thread, which inherit this mask), so stopping runs as ordinary code
  // rather than in a signal handler. A peer closing its socket must not kill
  // the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  httplib::Server server;
  int port = -1;
  int listen_socket = -1;
  server.new_task_queue = [&options, &port, &listen_socket] {
    return new ElasticPool(4, options.max_threads, [&port, &listen_socket] { end_connections(port, listen_socket); });
  };
  server.set_payload_max_length(options.max_body);
  server.set_keep_alive_max_count(1000);
  // An idle keep-alive connection holds a thread (see ElasticPool): keep it
  // short. Clients see "Keep-Alive: timeout=2" and close theirs first.
  server.set_keep_alive_timeout(2);
  server.set_tcp_nodelay(true);  // small answers; Nagle would hold them for the peer's delayed ACK
  server.set_socket_options([&listen_socket](socket_t sock) {
    listen_socket = sock;
    int yes = 1;
    // Reuse a port in TIME_WAIT after a restart; unlike httplib's default
    // (SO_REUSEPORT), never share a port with another live server.
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  if (options.log) {
    server.set_logger([](const Request& req, const Response& res) {
      std::fprintf(stderr, "%s %s %d\n", req.method.c_str(), req.target.c_str(), res.status);
    });
  }
  Inbox inbox(options, *store, std::move(*root));
  inbox.install(server);

  port = options.port == 0 ? server.bind_to_any_port(options.host)
                           : (server.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port <= 0) {
    std::fprintf(stderr, "leadscore: cannot listen on %s:%d: %s\n", options.host.c_str(), options.port,
                 std::strerror(errno));
    return 2;
  }
  // httplib listens with a backlog of 5, which drops connections of a burst
  // (a page's parallel beacons, the tests' 200 POSTs) into SYN retries;
  // listen() again on a listening socket only sets a longer queue.
  if (listen_socket >= 0) ::listen(listen_socket, SOMAXCONN);

  std::atomic<bool> listening_done{false};
  std::atomic<int> stopped_by{0};
  std::thread stopper([&] {
    int sig = 0;
    if (sigwait(&stop_signals, &sig) != 0) return;
    stopped_by = sig;
    // stop() acts only once listening has begun; a signal in the instant
    // before would be lost.
    while (!listening_done && !server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    server.stop();  // ends the accept loop; the pool's shutdown then ends the connections
  });

  std::printf("leadscore: serving %s on http://%s:%d, inbox %s\n", options.root.c_str(),
              url_host(options.host).c_str(), port, options.db_path.c_str());
  std::fflush(stdout);
  const bool listened = server.listen_after_bind();  // returns once stopped; connections are finished by then
  listening_done = true;
  if (stopped_by == 0) pthread_kill(stopper.native_handle(), SIGTERM);  // wake it to end
  stopper.join();
  store->close();
  if (stopped_by != 0) {
    std::fprintf(stderr, "leadscore: stopped (%s), inbox closed\n", stopped_by == SIGINT ? "SIGINT" : "SIGTERM");
    return 0;
  }
  std::fprintf(stderr, "leadscore: the server stopped unexpectedly%s\n", listened ? "" : " (accept failed)");
  return 1;
}

}  // namespace leadscore::cli
