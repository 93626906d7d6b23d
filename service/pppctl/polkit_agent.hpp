// A text polkit agent for pppctl's own calls: when a person at a terminal
// runs `pppctl connect` and polkit wants a password (auth_admin_keep), Debian's
// pkttyagent asks for it on the terminal, like systemctl does.
#pragma once

#include <sys/types.h>

#include <memory>

namespace pppctl {

// Whether polkit may ask the person running pppctl: stdin is a terminal,
// and pppctl does not run as root.
bool can_ask_password();

class TtyAgent {
public:
    // Starts pkttyagent for this process (polkit maps the bus name of our
    // calls to it; agents cannot register for a bus name) and waits until it
    // is registered; nullptr when it cannot be started or registered (the
    // call goes on, and polkit may still use a desktop agent of the session).
    static std::unique_ptr<TtyAgent> start();
    ~TtyAgent();
    TtyAgent(const TtyAgent&) = delete;
    TtyAgent& operator=(const TtyAgent&) = delete;

private:
    explicit TtyAgent(pid_t pid) : pid_(pid) {}
    pid_t pid_;
};

}  // namespace pppctl
