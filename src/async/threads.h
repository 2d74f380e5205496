#pragma once
// What the server's own threads say about themselves to the operating system.
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>

namespace tw {

// Names the calling thread as `top -H`, `ps -L` and `perf report --sort comm` show it
// ("tw-writer", "tw-db"): an operator can then see which part of the server is busy. Linux keeps
// 15 characters; a longer name is cut.
inline void name_this_thread(const std::string& name) {
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

// Gives the calling thread the lowest CPU priority (nice 19; on Linux a thread's own): for work
// nobody waits on in the moment, such as drawing receipts' ticket images during a sale, so that
// the threads answering fans get a core first whenever they can run. It still gets a share of a
// busy machine, so it never starves.
inline void lower_this_threads_priority() {
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 19);
}

}  // namespace tw
