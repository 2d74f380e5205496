#pragma once
// Starting and stopping the programs the tests run for real (ticketwar, redis-server, nginx), by
// PID: a test stops exactly what it started.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace tw::testing {

// Starts argv[0] (a path, or a name found on PATH) with stdout and stderr to these files and
// stdin from /dev/null; when `as_nobody` and the tests run as root, as the unprivileged user
// `nobody` (the program keeps the PID: setpriv execs it).
pid_t start_program(const std::vector<std::string>& argv, const std::string& out_path, const std::string& err_path,
                    bool as_nobody = false);
// Waits up to `limit` for the program to end; then kills it. Its exit code, -1 when killed,
// 128 + signal when a signal ended it.
int wait_exit(pid_t pid, std::chrono::milliseconds limit);
// Sends `signal`, then waits as wait_exit does.
int stop_program(pid_t pid, int signal, std::chrono::milliseconds limit);

// A loopback TCP port that nothing listens on right now (the kernel's choice).
std::uint16_t free_loopback_port();
// True once something accepts connections on 127.0.0.1:port, false after `limit`.
bool wait_for_port(std::uint16_t port, std::chrono::milliseconds limit);

}  // namespace tw::testing
