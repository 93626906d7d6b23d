// The sd-event wrapper: every kind of source fires, with a safety deadline.
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "io/event_loop.hpp"
#include "io/fd.hpp"
#include "loop_helpers.hpp"

namespace ppp::io {
namespace {

using namespace std::chrono_literals;
using testing::run_loop;

TEST(EventLoop, NowIsMonotonicClock) {
    const Time a = EventLoop::now();
    const Time b = EventLoop::now();
    EXPECT_LE(a, b);
    // steady_clock is CLOCK_MONOTONIC on Linux: the two agree to well within a second.
    const auto diff = std::chrono::steady_clock::now() - b;
    EXPECT_LT(diff, 1s);
    EXPECT_GT(diff, -1s);
}

TEST(EventLoop, TimerFiresNotBeforeItsTime) {
    EventLoop loop;
    const Time when = EventLoop::now() + 30ms;
    Time fired_at{};
    int fired = 0;
    Source t = loop.add_timer(when, [&] {
        ++fired;
        fired_at = EventLoop::now();
        loop.exit(0);
    });
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(fired, 1);
    EXPECT_GE(fired_at, when);
}

TEST(EventLoop, TimerInThePastFiresAtOnce) {
    EventLoop loop;
    int fired = 0;
    Source t = loop.add_timer(Time{}, [&] {
        ++fired;
        loop.exit(0);
    });
    ASSERT_TRUE(run_loop(loop, 2s));
    EXPECT_EQ(fired, 1);
}

TEST(EventLoop, TimersFireInOrder) {
    EventLoop loop;
    std::vector<int> order;
    const Time base = EventLoop::now();
    Source late = loop.add_timer(base + 40ms, [&] {
        order.push_back(2);
        loop.exit(0);
    });
    Source early = loop.add_timer(base + 10ms, [&] { order.push_back(1); });
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(EventLoop, ResetSourceNeverFires) {
    EventLoop loop;
    int cancelled = 0;
    Source t = loop.add_timer(EventLoop::now() + 5ms, [&] { ++cancelled; });
    t.reset();
    EXPECT_FALSE(t);
    Source end = loop.add_timer(EventLoop::now() + 50ms, [&] { loop.exit(0); });
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(cancelled, 0);
}

TEST(EventLoop, MovedSourceKeepsItsCallback) {
    EventLoop loop;
    int fired = 0;
    Source kept;
    {
        Source t = loop.add_timer(EventLoop::now() + 5ms, [&] {
            ++fired;
            loop.exit(0);
        });
        kept = std::move(t);
        EXPECT_FALSE(t);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
    }
    EXPECT_TRUE(kept);
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(fired, 1);
}

TEST(EventLoop, CallbackMayDropItsOwnSource) {
    EventLoop loop;
    int fired = 0;
    Source t;
    t = loop.add_timer(EventLoop::now(), [&] {
        ++fired;
        t.reset();  // frees the callback we are running in; sd-event defers that
        loop.exit(0);
    });
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(fired, 1);
    EXPECT_FALSE(t);
}

TEST(EventLoop, IoReportsReadable) {
    EventLoop loop;
    int p[2];
    ASSERT_EQ(::pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
    Fd rd(p[0]), wr(p[1]);
    std::string got;
    std::uint32_t seen = 0;
    Source io = loop.add_io(rd.get(), EPOLLIN, [&](std::uint32_t revents) {
        seen |= revents;
        char buf[64];
        const ssize_t n = ::read(rd.get(), buf, sizeof buf);
        if (n > 0) got.append(buf, static_cast<std::size_t>(n));
        if (got.size() >= 5) loop.exit(0);
    });
    Source write_later = loop.add_defer([&] { ASSERT_EQ(::write(wr.get(), "bytes", 5), 5); });
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(got, "bytes");
    EXPECT_TRUE(seen & EPOLLIN);
}

TEST(EventLoop, IoReportsHangup) {
    EventLoop loop;
    int p[2];
    ASSERT_EQ(::pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
    Fd rd(p[0]), wr(p[1]);
    std::uint32_t seen = 0;
    Source io = loop.add_io(rd.get(), EPOLLIN, [&](std::uint32_t revents) {
        seen = revents;
        loop.exit(0);
    });
    wr.reset();
    ASSERT_TRUE(run_loop(loop));
    EXPECT_TRUE(seen & EPOLLHUP);
}

TEST(EventLoop, BadFdIsAnError) {
    EventLoop loop;
    try {
        Source io = loop.add_io(-1, EPOLLIN, [](std::uint32_t) {});
        FAIL() << "add_io(-1) succeeded";
    } catch (const std::system_error& e) {
        EXPECT_NE(e.code().value(), 0);
    }
}

TEST(EventLoop, SignalIsDispatched) {
    EventLoop loop;
    int fired = 0;
    Source sig = loop.add_signal(SIGUSR1, [&] {
        ++fired;
        loop.exit(0);
    });
    // The signal is blocked now: sending it cannot kill the process.
    sigset_t mask;
    ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, nullptr, &mask), 0);
    EXPECT_TRUE(sigismember(&mask, SIGUSR1));
    ASSERT_EQ(::kill(::getpid(), SIGUSR1), 0);
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(fired, 1);
}

TEST(EventLoop, ConstructorBlocksSigchld) {
    EventLoop loop;
    sigset_t mask;
    ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, nullptr, &mask), 0);
    EXPECT_TRUE(sigismember(&mask, SIGCHLD));
}

TEST(EventLoop, ChildExitIsReported) {
    EventLoop loop;
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(7);
    int code = 0, status = 0;
    Source child = loop.add_child(pid, [&](int c, int s) {
        code = c;
        status = s;
        loop.exit(0);
    });
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(code, CLD_EXITED);
    EXPECT_EQ(status, 7);
    // Reaped by the loop: no zombie is left to wait for.
    EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1);
}

TEST(EventLoop, KilledChildIsReported) {
    EventLoop loop;
    int p[2];
    ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
    Fd rd(p[0]), wr(p[1]);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        char c;
        (void)!::read(p[0], &c, 1);  // waits until killed
        ::_exit(0);
    }
    int code = 0, status = 0;
    Source child = loop.add_child(pid, [&](int c, int s) {
        code = c;
        status = s;
        loop.exit(0);
    });
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(code, CLD_KILLED);
    EXPECT_EQ(status, SIGKILL);
}

TEST(EventLoop, DeferRunsOnceOnNextIteration) {
    EventLoop loop;
    int deferred = 0;
    bool after_add = false;
    Source d = loop.add_defer([&] {
        ++deferred;
        EXPECT_TRUE(after_add);
    });
    after_add = true;
    EXPECT_EQ(deferred, 0);  // not called from add_defer itself
    Source end = loop.add_timer(EventLoop::now() + 30ms, [&] { loop.exit(0); });
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(deferred, 1);  // one-shot, not on every iteration
}

TEST(EventLoop, ExitCodeIsReturned) {
    EventLoop loop;
    Source d = loop.add_defer([&] { loop.exit(42); });
    EXPECT_EQ(loop.run(), 42);
}

TEST(EventLoop, ExceptionInCallbackLeavesRun) {
    EventLoop loop;
    Source d = loop.add_defer([] { throw std::runtime_error("callback failed"); });
    Source safety = loop.add_timer(EventLoop::now() + testing::kSafetyLimit, [&] { loop.exit(testing::kTimedOut); });
    try {
        loop.run();
        FAIL() << "run() returned normally";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "callback failed");
    }
}

TEST(Deadline, FiresAtTheArmedTime) {
    EventLoop loop;
    int fired = 0;
    Time fired_at{};
    Deadline deadline(loop, [&] {
        ++fired;
        fired_at = EventLoop::now();
        loop.exit(0);
    });
    const Time when = EventLoop::now() + 20ms;
    deadline.arm(when);
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(fired, 1);
    EXPECT_GE(fired_at, when);
}

TEST(Deadline, RearmMovesTheTimer) {
    EventLoop loop;
    int fired = 0;
    Time fired_at{};
    Deadline deadline(loop, [&] {
        ++fired;
        fired_at = EventLoop::now();
    });
    const Time base = EventLoop::now();
    deadline.arm(base + 5ms);
    deadline.arm(base + 60ms);  // later: the first time must not fire
    Source end = loop.add_timer(base + 200ms, [&] { loop.exit(0); });
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(fired, 1);
    EXPECT_GE(fired_at, base + 60ms);
}

TEST(Deadline, DisarmStopsIt) {
    EventLoop loop;
    int fired = 0;
    Deadline deadline(loop, [&] { ++fired; });
    deadline.arm(EventLoop::now() + 5ms);
    deadline.arm(std::nullopt);
    Source end = loop.add_timer(EventLoop::now() + 60ms, [&] { loop.exit(0); });
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(fired, 0);
}

TEST(Deadline, CallbackMayRearm) {
    EventLoop loop;
    int fired = 0;
    Deadline* self = nullptr;
    Deadline deadline(loop, [&] {
        ++fired;
        if (fired < 3) {
            self->arm(EventLoop::now() + 2ms);
        } else {
            loop.exit(0);
        }
    });
    self = &deadline;
    deadline.arm(EventLoop::now());
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(fired, 3);
}

TEST(Deadline, ArmingTheSameTimeTwiceFiresOnce) {
    EventLoop loop;
    int fired = 0;
    Deadline deadline(loop, [&] { ++fired; });
    const Time when = EventLoop::now() + 5ms;
    deadline.arm(when);
    deadline.arm(when);
    Source end = loop.add_timer(when + 50ms, [&] { loop.exit(0); });
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(fired, 1);
}

}  // namespace
}  // namespace ppp::io
