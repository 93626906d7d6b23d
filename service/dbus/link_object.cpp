#include "dbus/link_object.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
#include <utility>

#include "core/options.hpp"
#include "dbus/authorization.hpp"
#include "dbus/errors.hpp"
#include "dbus/names.hpp"
#include "io/files.hpp"

namespace ppp::dbus {
namespace {

constexpr auto kCounterInterval = std::chrono::seconds(1);

}  // namespace

LinkObject::LinkObject(sdbus::IConnection& connection, io::EventLoop& loop, Authorizer& authorizer,
                       const std::string& name, const io::LinkPaths& paths)
    : AdaptorInterfaces(connection, link_object_path(name)),
      loop_(loop),
      authorizer_(authorizer),
      name_(name),
      path_(link_object_path(name)),
      config_dir_(paths.config_dir),
      link_(std::make_unique<io::Link>(loop, name, paths, static_cast<io::LinkObserver&>(*this))) {
    try {
        configured_device_ = config::load_peer(config_dir_, name_, io::read_file).device;
    } catch (const config::Error& e) {
        std::fprintf(stderr, "%s: %s\n", name_.c_str(), e.what());
    }
    published_ = current();
    registerAdaptor();
}

void LinkObject::reload_config() {
    std::string device;
    try {
        device = config::load_peer(config_dir_, name_, io::read_file).device;
    } catch (const config::Error& e) {
        std::fprintf(stderr, "%s: %s\n", name_.c_str(), e.what());
    }
    if (device == configured_device_) return;
    configured_device_ = std::move(device);
    try {
        publish_changes();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: cannot emit PropertiesChanged: %s\n", name_.c_str(), e.what());
    }
}

std::vector<sdbus::Struct<uint64_t, std::string>> LinkObject::GetLog() {
    std::vector<sdbus::Struct<uint64_t, std::string>> out;
    out.reserve(log_.lines().size());
    for (const auto& line : log_.lines()) out.emplace_back(line.usec, line.text);
    return out;
}

LinkObject::~LinkObject() {
    destroying_ = true;
    alive_.reset();
    link_.reset();
    finish_waits(make_error(ErrorCode::NotConnected, "the link " + name_ + " was removed"));
    unregisterAdaptor();
}

io::LinkState LinkObject::state() const { return link_->status().state; }

LinkProperties LinkObject::current() const {
    return link_properties(link_->status(), last_error_, configured_device_);
}

void LinkObject::start_connect(std::optional<std::uint32_t> caller_uid) {
    const auto now = state();
    // In Holdoff, Connect redials now instead of at NextAttempt.
    if (now != io::LinkState::Disconnected && now != io::LinkState::Holdoff)
        throw make_error(ErrorCode::AlreadyConnected, name_ + " is " + std::string(io::to_string(now)));
    last_error_.clear();
    try {
        link_->connect(io::Requester{caller_uid});
    } catch (const config::Error& e) {
        last_error_ = error_name(ErrorCode::ConfigError);
        std::fprintf(stderr, "%s: %s\n", name_.c_str(), e.what());
        publish_changes();
        throw make_error(ErrorCode::ConfigError, e.what());
    }
    publish_changes();
}

void LinkObject::start_disconnect(const std::string& reason) {
    if (state() == io::LinkState::Disconnected) throw make_error(ErrorCode::NotConnected, name_ + " is Disconnected");
    link_->disconnect(reason);
}

void LinkObject::Connect(sdbus::Result<>&& result) {
    authorize_then(authorizer_, current_call(getObject()), Action::Connect, name_, std::move(result), alive_,
                   make_error(ErrorCode::NoSuchLink, "the link " + name_ + " was removed"),
                   [this](sdbus::Result<>& reply, std::uint32_t caller_uid) {
                       start_connect(caller_uid);
                       reply.returnResults();
                   });
}

void LinkObject::Disconnect(sdbus::Result<>&& result) {
    const auto& call = current_call(getObject());
    authorize_then(authorizer_, call, Action::Disconnect, name_, std::move(result), alive_,
                   make_error(ErrorCode::NoSuchLink, "the link " + name_ + " was removed"),
                   [this, sender = call.getSender()](sdbus::Result<>& reply) {
                       start_disconnect("disconnect requested by " + sender);
                       reply.returnResults();
                   });
}

void LinkObject::Wait(sdbus::Result<>&& result, uint32_t timeout_seconds) {
    const auto now = state();
    if (now == io::LinkState::Running) {
        result.returnResults();
        return;
    }
    if (now == io::LinkState::Disconnected) {
        result.returnError(make_error(ErrorCode::NotConnected, name_ + " is Disconnected and not connecting"));
        return;
    }
    if (waits_.size() >= kMaxPendingWaits) {
        result.returnError(sdbus::Error("org.freedesktop.DBus.Error.LimitsExceeded",
                                        "Too many callers are waiting for " + name_ + " already."));
        return;
    }
    const std::uint64_t id = next_wait_id_++;
    PendingWait wait{std::move(result), {}};
    if (timeout_seconds > 0) {
        wait.timer = loop_.add_timer(io::EventLoop::now() + std::chrono::seconds(timeout_seconds),
                                     [this, id] { wait_timed_out(id); });
    }
    waits_.emplace(id, std::move(wait));
}

void LinkObject::wait_timed_out(std::uint64_t id) {
    auto it = waits_.find(id);
    if (it == waits_.end()) return;
    sdbus::Result<> result = std::move(it->second.result);
    // The timer source is freed once its callback returns (sd-event defers it).
    waits_.erase(it);
    try {
        result.returnError(make_error(ErrorCode::Timeout, name_ + " is " + std::string(io::to_string(state()))));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: cannot reply to Wait(): %s\n", name_.c_str(), e.what());
    }
}

void LinkObject::finish_waits(const std::optional<sdbus::Error>& error) {
    auto waits = std::move(waits_);
    waits_.clear();
    for (auto& [id, wait] : waits) {
        try {
            if (error)
                wait.result.returnError(*error);
            else
                wait.result.returnResults();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s: cannot reply to Wait(): %s\n", name_.c_str(), e.what());
        }
    }
}

void LinkObject::state_changed(io::LinkState from, io::LinkState to, const std::string& reason) {
    if (destroying_ || !link_) return;  // not while the io::Link is built or torn down
    const auto& status = link_->status();
    std::fprintf(stderr, "%s: %s -> %s: %s\n", name_.c_str(), std::string(io::to_string(from)).c_str(),
                 std::string(io::to_string(to)).c_str(), reason.c_str());
    const bool ended = to == io::LinkState::Disconnected || to == io::LinkState::Holdoff;
    const auto failure = ended ? error_for_failure(status.failure) : std::nullopt;
    if (failure) last_error_ = error_name(*failure);
    try {
        emitStateChanged(std::string(io::to_string(from)), std::string(io::to_string(to)), reason);
        publish_changes();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: cannot emit signals: %s\n", name_.c_str(), e.what());
    }
    if (to == io::LinkState::Running) {
        finish_waits(std::nullopt);
    } else if (to == io::LinkState::Disconnected) {
        if (failure)
            finish_waits(make_error(*failure, reason));
        else
            finish_waits(make_error(ErrorCode::NotConnected, "disconnected before it came up: " + reason));
        if (on_disconnected_) on_disconnected_();
    }
}

void LinkObject::status_changed() {
    if (destroying_ || !link_) return;
    try {
        publish_changes();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: cannot emit PropertiesChanged: %s\n", name_.c_str(), e.what());
    }
}

void LinkObject::log_line(const std::string& line) {
    // The io::Link has already logged it (journal / stderr, io/journal).
    if (destroying_ || !link_) return;
    const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    log_.add(static_cast<std::uint64_t>(now.count()), line);
    try {
        emitLogLine(log_.lines().back().text);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: cannot emit LogLine: %s\n", name_.c_str(), e.what());
    }
}

void LinkObject::publish_changes() {
    auto now = current();
    const auto changes = changed_properties(published_, now);
    if (changes.empty()) return;
    if (changes.only_counters) {
        if (!counters_armed_) {
            counters_armed_ = true;
            counters_timer_ = loop_.add_timer(io::EventLoop::now() + kCounterInterval, [this] { publish_counters(); });
        }
        return;
    }
    published_ = std::move(now);
    emitPropertiesChangedSignal(kLinkInterface, changes.names);
}

void LinkObject::publish_counters() {
    // Runs from the timer's own callback: leave the one-shot source to be
    // freed when it is replaced, not here.
    auto now = current();
    const auto changes = changed_properties(published_, now);
    published_ = std::move(now);
    try {
        if (!changes.empty()) emitPropertiesChangedSignal(kLinkInterface, changes.names);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: cannot emit PropertiesChanged: %s\n", name_.c_str(), e.what());
    }
    counters_armed_ = false;
}

}  // namespace ppp::dbus
