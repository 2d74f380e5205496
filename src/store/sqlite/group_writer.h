#pragma once
// GroupWriter: every write to the SQLite database goes through one thread that owns the writer
// connection and commits the writes waiting at that moment together, one transaction per group
// ("group commit"). Each write still runs in its own savepoint, so a write that fails is undone
// alone; if the group's COMMIT itself fails, every write of the group reports that failure.
// Callers await the result on their own event loop; an answer is only given after its commit.
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "async/task.h"
#include "core/result.h"
#include "store/sqlite/sqlite_db.h"

namespace tw::store::sqlite {

class GroupWriter {
 public:
  // `translate(e)` turns a SQLite failure into the Error callers see.
  GroupWriter(std::unique_ptr<Connection> connection, core::Error (*translate)(const SqliteError&),
              std::size_t max_group = 256);
  ~GroupWriter();  // finishes the writes already queued, then stops
  GroupWriter(const GroupWriter&) = delete;
  GroupWriter& operator=(const GroupWriter&) = delete;

  // Runs `f(Connection&) -> Result<T>` on the writer thread within the next group's transaction.
  template <class F>
  Task<decltype(std::declval<F&>()(std::declval<Connection&>()))> run(F f);

  // Groups committed and writes done so far (for tests and tuning).
  std::size_t groups() const;
  std::size_t writes() const;

 private:
  struct Job {
    virtual ~Job() = default;
    virtual void run(Connection& c) = 0;                        // inside the group's transaction
    virtual void finish(const core::Error* group_failure) = 0;  // after COMMIT (or its failure)
  };
  template <class F, class Handler>
  struct TypedJob;

  void enqueue(std::unique_ptr<Job> job);
  void loop();

  std::unique_ptr<Connection> connection_;
  core::Error (*translate_)(const SqliteError&);
  std::size_t max_group_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Job>> queue_;  // guarded by mu_
  bool stopping_ = false;                   // guarded by mu_
  std::size_t groups_ = 0, writes_ = 0;     // guarded by mu_
  std::thread thread_;
};

template <class F, class Handler>
struct GroupWriter::TypedJob final : Job {
  using R = decltype(std::declval<F&>()(std::declval<Connection&>()));
  TypedJob(F f, Handler h, core::Error (*translate)(const SqliteError&))
      : fn(std::move(f)),
        handler(std::move(h)),
        work(boost::asio::make_work_guard(boost::asio::get_associated_executor(handler))),
        translate(translate) {}

  void run(Connection& c) override {
    c.run("SAVEPOINT tw_write");
    try {
      result.emplace(fn(c));
    } catch (const SqliteError& e) {
      result.emplace(translate(e));
    }
    // A failed write leaves no trace; the others in the group are unaffected.
    if (!result->ok()) c.run("ROLLBACK TO tw_write");
    c.run("RELEASE tw_write");
  }

  void finish(const core::Error* group_failure) override {
    R out = group_failure || !result ? R(group_failure ? *group_failure : core::internal("write not run"))
                                     : std::move(*result);
    auto ex = work.get_executor();
    boost::asio::dispatch(
        ex, [h = std::move(handler), out = std::move(out)]() mutable { std::move(h)(std::move(out)); });
    work.reset();
  }

  F fn;
  Handler handler;
  boost::asio::executor_work_guard<boost::asio::associated_executor_t<Handler>> work;
  core::Error (*translate)(const SqliteError&);
  std::optional<R> result;
};

template <class F>
Task<decltype(std::declval<F&>()(std::declval<Connection&>()))> GroupWriter::run(F f) {
  using R = decltype(std::declval<F&>()(std::declval<Connection&>()));
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(R)>(
      [this](auto handler, F fn) {
        using Handler = decltype(handler);
        enqueue(std::make_unique<TypedJob<F, Handler>>(std::move(fn), std::move(handler), translate_));
      },
      boost::asio::use_awaitable, std::move(f));
}

}  // namespace tw::store::sqlite
