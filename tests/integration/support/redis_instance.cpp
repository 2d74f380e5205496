#include "support/redis_instance.h"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "support/child_process.h"
#include "support/server_process.h"

namespace tw::testing {

RedisInstance& RedisInstance::shared() {
  static RedisInstance instance;
  return instance;
}

RedisInstance::RedisInstance() : dir_(make_temp_dir()), port_(free_loopback_port()) {
  std::filesystem::permissions(dir_, std::filesystem::perms::all);  // for `nobody`
  start();
}

RedisInstance::~RedisInstance() {
  kill_now();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void RedisInstance::start() {
  pid_ = start_program({"redis-server", "--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "",
                        "--appendonly", "no", "--dir", dir_, "--daemonize", "no", "--protected-mode", "no"},
                       dir_ + "/redis.out", dir_ + "/redis.err", /*as_nobody=*/true);
  if (!wait_for_port(port_, std::chrono::seconds(20))) {
    throw std::runtime_error("redis-server did not start: " + read_file(dir_ + "/redis.out"));
  }
}

void RedisInstance::kill_now() {
  if (pid_ <= 0) return;
  stop_program(pid_, SIGKILL, std::chrono::seconds(10));
  pid_ = -1;
}

void RedisInstance::restart_empty() {
  kill_now();
  start();
}

std::string RedisInstance::new_prefix() {
  return "t" + std::to_string(::getpid()) + "_" + std::to_string(++prefixes_);
}

std::string RedisInstance::url(const std::string& prefix) const {
  return "redis://127.0.0.1:" + std::to_string(port_) + "/0?prefix=" + prefix;
}

std::string RedisInstance::cli(const std::string& args) const {
  return run_command("redis-cli -p " + std::to_string(port_) + " " + args + " 2>&1");
}

}  // namespace tw::testing
