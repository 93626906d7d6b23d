// One org.freedesktop.ppp1.Link object: wraps an io::Link, exports its status
// as properties, turns its observer callbacks into StateChanged, LogLine and
// PropertiesChanged, and answers Wait() when the attempt ends.
#pragma once

#include <sdbus-c++/sdbus-c++.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "dbus/authorization.hpp"
#include "dbus/link_properties.hpp"
#include "dbus/log_ring.hpp"
#include "io/event_loop.hpp"
#include "io/link.hpp"
#include "ppp1/link_adaptor.h"

namespace ppp::dbus {

class LinkObject final
    : public sdbus::AdaptorInterfaces<org::freedesktop::ppp1::Link_adaptor, sdbus::Properties_adaptor,
                                      sdbus::ManagedObject_adaptor>,
      private io::LinkObserver {
public:
    // Most Wait() calls one link keeps pending at once.
    static constexpr std::size_t kMaxPendingWaits = 64;

    LinkObject(sdbus::IConnection& connection, io::EventLoop& loop, Authorizer& authorizer, const std::string& name,
               const io::LinkPaths& paths);
    ~LinkObject();

    const std::string& name() const { return name_; }
    const std::string& path() const { return path_; }
    io::LinkState state() const;

    // For a caller that is authorized already. Throw the contract's errors
    // (AlreadyConnected, ConfigError / NotConnected).
    // `caller_uid`: who asked (the scripts' ORIG_UID and PPPLOGNAME);
    // nullopt: the daemon itself.
    void start_connect(std::optional<std::uint32_t> caller_uid = std::nullopt);
    void start_disconnect(const std::string& reason);

    // Reads the peer file again for what a Disconnected link shows (Device);
    // announces changes. A broken file is reported on stderr and shows no device.
    void reload_config();

    // Runs every time the link reaches Disconnected.
    void on_disconnected(std::function<void()> callback) { on_disconnected_ = std::move(callback); }

private:
    // org.freedesktop.ppp1.Link
    void Connect(sdbus::Result<>&& result) override;
    void Disconnect(sdbus::Result<>&& result) override;
    void Wait(sdbus::Result<>&& result, uint32_t timeout_seconds) override;
    std::vector<sdbus::Struct<uint64_t, std::string>> GetLog() override;
    std::string Name() override { return current().name; }
    std::string State() override { return current().state; }
    std::string StateReason() override { return current().state_reason; }
    std::string Device() override { return current().device; }
    std::string AuthProtocol() override { return current().auth_protocol; }
    std::string Interface() override { return current().interface; }
    std::string DataPath() override { return current().data_path; }
    std::string LocalAddress() override { return current().local_address; }
    std::string RemoteAddress() override { return current().remote_address; }
    std::vector<std::string> DNS() override { return current().dns; }
    std::string LocalAddress6() override { return current().local_address6; }
    uint32_t MTU() override { return current().mtu; }
    uint32_t MRU() override { return current().mru; }
    uint64_t ConnectedSince() override { return current().connected_since; }
    uint64_t RxBytes() override { return current().rx_bytes; }
    uint64_t TxBytes() override { return current().tx_bytes; }
    uint64_t RxPackets() override { return current().rx_packets; }
    uint64_t TxPackets() override { return current().tx_packets; }
    int32_t ExitStatus() override { return current().exit_status; }
    std::string LastError() override { return current().last_error; }
    uint64_t NextAttempt() override { return current().next_attempt; }

    // io::LinkObserver
    void state_changed(io::LinkState from, io::LinkState to, const std::string& reason) override;
    void status_changed() override;
    void log_line(const std::string& line) override;

    LinkProperties current() const;
    // Emits PropertiesChanged for what differs from the last emitted values;
    // changes of the traffic counters alone are coalesced to one a second.
    void publish_changes();
    void publish_counters();
    // Answers every pending Wait(): success when `error` is empty.
    void finish_waits(const std::optional<sdbus::Error>& error);
    void wait_timed_out(std::uint64_t id);

    struct PendingWait {
        sdbus::Result<> result;
        io::Source timer;
    };

    io::EventLoop& loop_;
    Authorizer& authorizer_;
    // Expires with the object: authorization answers that arrive later do nothing.
    std::shared_ptr<void> alive_ = std::make_shared<int>(0);
    const std::string name_;
    const std::string path_;
    const std::string config_dir_;
    std::string configured_device_;
    std::string last_error_;
    LogRing log_;
    LinkProperties published_;
    io::Source counters_timer_;
    bool counters_armed_ = false;
    std::map<std::uint64_t, PendingWait> waits_;
    std::uint64_t next_wait_id_ = 1;
    std::function<void()> on_disconnected_;
    bool destroying_ = false;
    std::unique_ptr<io::Link> link_;
};

}  // namespace ppp::dbus
