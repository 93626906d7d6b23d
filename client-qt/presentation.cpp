#include "presentation.hpp"

#include <QDateTime>
#include <QLocale>

#include "link_model.hpp"

namespace pppkit::tray {

namespace {
QString text(const QVariantMap& p, const char* name) { return p.value(QLatin1String(name)).toString(); }
}  // namespace

Status Presentation::status(const QVariantMap& properties) {
    const QString state = text(properties, "State");
    if (state == QLatin1String("Running")) return Status::Connected;
    if (state.isEmpty() || state == QLatin1String("Disconnected"))
        return text(properties, "LastError").isEmpty() ? Status::Disconnected : Status::Error;
    return Status::Connecting;  // Connecting, Establish, Authenticate, Network, Holdoff, Disconnecting
}

Status Presentation::overallStatus(const LinkModel& model) {
    bool connecting = false, error = false;
    for (const auto& path : model.paths()) {
        switch (status(model.properties(path))) {
        case Status::Connected: return Status::Connected;
        case Status::Connecting: connecting = true; break;
        case Status::Error: error = true; break;
        case Status::Disconnected: break;
        }
    }
    if (connecting) return Status::Connecting;
    return error ? Status::Error : Status::Disconnected;
}

QString Presentation::themeIconName(Status status) {
    switch (status) {
    case Status::Connected: return QStringLiteral("network-transmit-receive");
    case Status::Connecting: return QStringLiteral("network-wired-acquiring");
    case Status::Error: return QStringLiteral("network-error");
    case Status::Disconnected: break;
    }
    return QStringLiteral("network-offline");
}

QString Presentation::fallbackIconPath(Status status) {
    switch (status) {
    case Status::Connected: return QStringLiteral(":/icons/pppkit-connected.svg");
    case Status::Connecting: return QStringLiteral(":/icons/pppkit-connecting.svg");
    case Status::Error: return QStringLiteral(":/icons/pppkit-error.svg");
    case Status::Disconnected: break;
    }
    return QStringLiteral(":/icons/pppkit-disconnected.svg");
}

QIcon Presentation::icon(Status status) {
    return QIcon::fromTheme(themeIconName(status), QIcon(fallbackIconPath(status)));
}

QString Presentation::stateText(const QString& state) {
    if (state == QLatin1String("Disconnected")) return tr("Disconnected");
    if (state == QLatin1String("Connecting")) return tr("Dialling");
    if (state == QLatin1String("Establish")) return tr("Establishing the link");
    if (state == QLatin1String("Authenticate")) return tr("Authenticating");
    if (state == QLatin1String("Network")) return tr("Negotiating addresses");
    if (state == QLatin1String("Running")) return tr("Connected");
    if (state == QLatin1String("Disconnecting")) return tr("Disconnecting");
    if (state == QLatin1String("Holdoff")) return tr("Waiting to redial");
    if (state.isEmpty()) return tr("Unknown");
    return state;  // a state this version does not know: show the service's word
}

QString Presentation::linkSummary(const QVariantMap& p, qint64 nowUsec) {
    QString name = text(p, "Name");
    QString line = tr("%1: %2").arg(name, stateText(text(p, "State")));
    const QString local = text(p, "LocalAddress"), remote = text(p, "RemoteAddress");
    if (!local.isEmpty())
        line += QStringLiteral(" — ") + (remote.isEmpty() ? local : tr("%1 ⇄ %2").arg(local, remote));
    const qint64 since = p.value(QStringLiteral("ConnectedSince")).toLongLong();
    if (text(p, "State") == QLatin1String("Running") && since > 0 && nowUsec >= since)
        line += QStringLiteral(", ") + formatDuration((nowUsec - since) / 1000000);
    if (status(p) == Status::Error && !text(p, "StateReason").isEmpty())
        line += QStringLiteral(" — ") + text(p, "StateReason");
    return line;
}

QString Presentation::toolTip(const LinkModel& model, qint64 nowUsec) {
    QStringList lines{tr("pppkit dial-up")};
    if (model.rowCount() == 0) lines.append(tr("No dial-up connections are configured"));
    for (const auto& path : model.paths()) {
        QVariantMap p = model.properties(path);
        p.insert(QStringLiteral("Name"), model.name(path));  // from the path until Name is known
        lines.append(linkSummary(p, nowUsec));
    }
    return lines.join(QLatin1Char('\n'));
}

QString Presentation::formatBytes(quint64 bytes) {
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

QString Presentation::formatRate(double bytesPerSecond) {
    return tr("%1/s").arg(formatBytes(static_cast<quint64>(bytesPerSecond < 0 ? 0 : bytesPerSecond)));
}

QString Presentation::formatDuration(qint64 seconds) {
    if (seconds < 0) seconds = 0;
    const qint64 days = seconds / 86400;
    const QString clock = QStringLiteral("%1:%2:%3")
                              .arg((seconds / 3600) % 24)
                              .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
                              .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return days > 0 ? tr("%n day(s) %1", "duration", static_cast<int>(days)).arg(clock) : clock;
}

QString Presentation::logLine(qint64 usec, const QString& text) {
    return QDateTime::fromMSecsSinceEpoch(usec / 1000).toString(QStringLiteral("HH:mm:ss")) + QStringLiteral("  ") + text;
}

qint64 Presentation::nowUsec() { return QDateTime::currentMSecsSinceEpoch() * 1000; }

}  // namespace pppkit::tray
