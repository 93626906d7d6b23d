#include "link_model.hpp"

#include "presentation.hpp"

namespace pppkit::tray {

namespace {
const QString kName = QStringLiteral("Name");
const QString kState = QStringLiteral("State");

// The last path element, unescaped as sd_bus_path_encode() wrote it
// ("my_2disp" -> "my-isp"): a name for a link whose Name is not known yet.
QString nameFromPath(const QString& path) {
    const QString last = path.section(QLatin1Char('/'), -1);
    QByteArray out;
    for (qsizetype i = 0; i < last.size(); ++i) {
        if (last[i] == QLatin1Char('_') && i + 2 < last.size()) {
            bool ok = false;
            const int byte = last.mid(i + 1, 2).toInt(&ok, 16);
            if (ok) {
                out.append(static_cast<char>(byte));
                i += 2;
                continue;
            }
        }
        out.append(last[i].toLatin1());
    }
    return QString::fromUtf8(out);
}
}  // namespace

LinkModel::LinkModel(QObject* parent) : QAbstractListModel(parent) {}

int LinkModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(links_.size());
}

QVariant LinkModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= links_.size()) return {};
    const Link& link = links_[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return nameOf(link);
    case PathRole: return link.path;
    case StateRole: return link.properties.value(kState).toString();
    case StatusRole: return static_cast<int>(Presentation::status(link.properties));
    case PropertiesRole: return link.properties;
    case Qt::ToolTipRole: {
        QVariantMap p = link.properties;
        p.insert(kName, nameOf(link));
        return Presentation::linkSummary(p, Presentation::nowUsec());
    }
    case Qt::DecorationRole: return Presentation::icon(Presentation::status(link.properties));
    default: return {};
    }
}

QHash<int, QByteArray> LinkModel::roleNames() const {
    auto names = QAbstractListModel::roleNames();
    names.insert(PathRole, "path");
    names.insert(NameRole, "name");
    names.insert(StateRole, "state");
    names.insert(StatusRole, "status");
    names.insert(PropertiesRole, "properties");
    return names;
}

QString LinkModel::nameOf(const Link& link) {
    const QString name = link.properties.value(kName).toString();
    return name.isEmpty() ? nameFromPath(link.path) : name;
}

int LinkModel::insertionRow(const QString& name) const {
    int row = 0;
    while (row < links_.size() && QString::compare(nameOf(links_[row]), name, Qt::CaseInsensitive) <= 0) ++row;
    return row;
}

void LinkModel::setLink(const QString& path, const QVariantMap& properties) {
    const int row = rowOf(path);
    if (row < 0) {
        Link link{path, properties, {}};
        const int at = insertionRow(nameOf(link));
        beginInsertRows(QModelIndex(), at, at);
        links_.insert(at, std::move(link));
        endInsertRows();
        emit linkChanged(path);
        return;
    }
    const QString oldState = links_[row].properties.value(kState).toString();
    links_[row].properties = properties;
    changed(row, oldState);
}

void LinkModel::updateLink(const QString& path, const QVariantMap& changedProperties, const QStringList& invalidated) {
    const int row = rowOf(path);
    if (row < 0) {
        // A change for a link we have not seen yet: take what we get.
        setLink(path, changedProperties);
        return;
    }
    Link& link = links_[row];
    const QString oldState = link.properties.value(kState).toString();
    for (auto it = changedProperties.begin(); it != changedProperties.end(); ++it) link.properties.insert(it.key(), it.value());
    for (const auto& name : invalidated) link.properties.remove(name);
    changed(row, oldState);
}

void LinkModel::changed(int row, const QString& oldState) {
    const Link& link = links_[row];
    const QString path = link.path;
    const QString newState = link.properties.value(kState).toString();
    // Keep the order by name when a Name arrives late.
    const int wanted = [&] {
        int at = 0;
        for (int i = 0; i < links_.size(); ++i)
            if (i != row && QString::compare(nameOf(links_[i]), nameOf(link), Qt::CaseInsensitive) <= 0) ++at;
        return at;
    }();
    int current = row;
    if (wanted != row) {
        beginMoveRows(QModelIndex(), row, row, QModelIndex(), wanted > row ? wanted + 1 : wanted);
        links_.move(row, wanted);
        endMoveRows();
        current = wanted;
    }
    const QModelIndex at = index(current);
    emit dataChanged(at, at);
    emit linkChanged(path);
    if (oldState != newState) emit linkStateChanged(path, oldState, newState);
}

void LinkModel::removeLink(const QString& path) {
    const int row = rowOf(path);
    if (row < 0) return;
    beginRemoveRows(QModelIndex(), row, row);
    links_.removeAt(row);
    endRemoveRows();
}

void LinkModel::retainOnly(const QStringList& keep) {
    for (const auto& path : paths())
        if (!keep.contains(path)) removeLink(path);
}

void LinkModel::markServiceGone(const QString& reason) {
    for (int row = 0; row < links_.size(); ++row) {
        Link& link = links_[row];
        const QString oldState = link.properties.value(kState).toString();
        if (oldState == QLatin1String("Disconnected")) continue;
        link.properties.insert(kState, QStringLiteral("Disconnected"));
        link.properties.insert(QStringLiteral("StateReason"), reason);
        for (const char* cleared : {"Interface", "LocalAddress", "RemoteAddress", "LocalAddress6", "RemoteAddress6", "DataPath"})
            link.properties.insert(QLatin1String(cleared), QString());
        link.properties.insert(QStringLiteral("ConnectedSince"), QVariant::fromValue<qulonglong>(0));
        link.properties.insert(QStringLiteral("DNS"), QStringList());
        changed(row, oldState);
    }
}

void LinkModel::appendLog(const QString& path, const QString& line) {
    const int row = rowOf(path);
    if (row < 0) return;
    QStringList& log = links_[row].log;
    log.append(line);
    if (log.size() > kLogLimit) log.remove(0, log.size() - kLogLimit);
    emit logAppended(path, line);
}

void LinkModel::setLog(const QString& path, const QStringList& lines) {
    const int row = rowOf(path);
    if (row < 0) return;
    links_[row].log = lines.size() > kLogLimit ? lines.mid(lines.size() - kLogLimit) : lines;
    emit logReset(path);
}

int LinkModel::rowOf(const QString& path) const {
    for (int row = 0; row < links_.size(); ++row)
        if (links_[row].path == path) return row;
    return -1;
}

QString LinkModel::pathAt(int row) const {
    return row >= 0 && row < links_.size() ? links_[row].path : QString();
}

QStringList LinkModel::paths() const {
    QStringList out;
    for (const auto& link : links_) out.append(link.path);
    return out;
}

QVariant LinkModel::property(const QString& path, const QString& name) const {
    const int row = rowOf(path);
    return row < 0 ? QVariant() : links_[row].properties.value(name);
}

QVariantMap LinkModel::properties(const QString& path) const {
    const int row = rowOf(path);
    return row < 0 ? QVariantMap() : links_[row].properties;
}

QString LinkModel::name(const QString& path) const {
    const int row = rowOf(path);
    return row < 0 ? QString() : nameOf(links_[row]);
}

QString LinkModel::state(const QString& path) const { return property(path, kState).toString(); }

QStringList LinkModel::log(const QString& path) const {
    const int row = rowOf(path);
    return row < 0 ? QStringList() : links_[row].log;
}

}  // namespace pppkit::tray
