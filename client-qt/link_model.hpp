// LinkModel: the links pppkitd knows, one row per org.freedesktop.ppp1.Link
// object, with the properties as last published on the bus. It is filled by
// ServiceClient, or directly by tests, and knows nothing about D-Bus.
#pragma once

#include <QAbstractListModel>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <QVector>

namespace pppkit::tray {

class LinkModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        PathRole = Qt::UserRole + 1,  // object path (the row's key)
        NameRole,                     // peer name
        StateRole,                    // State property
        StatusRole,                   // presentation::Status as int
        PropertiesRole,               // every property, QVariantMap
    };
    Q_ENUM(Role)

    // Log lines kept per link for the status window.
    static constexpr int kLogLimit = 1000;

    explicit LinkModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Adds the link or replaces all its properties. Rows stay sorted by name.
    void setLink(const QString& path, const QVariantMap& properties);
    // Merges changed properties (PropertiesChanged); invalidated ones are dropped.
    void updateLink(const QString& path, const QVariantMap& changed, const QStringList& invalidated = {});
    void removeLink(const QString& path);
    // Removes every link whose path is not in paths.
    void retainOnly(const QStringList& paths);
    // The service went away: links stay (so they can be connected again,
    // which activates the service) but nothing is up any more.
    void markServiceGone(const QString& reason);
    void appendLog(const QString& path, const QString& line);
    // Replaces the log (the service's history from Link.GetLog()).
    void setLog(const QString& path, const QStringList& lines);

    int rowOf(const QString& path) const;
    bool contains(const QString& path) const { return rowOf(path) >= 0; }
    QString pathAt(int row) const;
    QStringList paths() const;
    // A property by its D-Bus name; an invalid QVariant when the service does
    // not publish it (older or newer contract).
    QVariant property(const QString& path, const QString& name) const;
    QVariantMap properties(const QString& path) const;
    QString name(const QString& path) const;
    QString state(const QString& path) const;
    QStringList log(const QString& path) const;

signals:
    // State moved from oldState to newState (both State values).
    void linkStateChanged(const QString& path, const QString& oldState, const QString& newState);
    // Any property of the link changed.
    void linkChanged(const QString& path);
    void logAppended(const QString& path, const QString& line);
    void logReset(const QString& path);

private:
    struct Link {
        QString path;
        QVariantMap properties;
        QStringList log;
    };
    static QString nameOf(const Link& link);
    int insertionRow(const QString& name) const;
    void changed(int row, const QString& oldState);

    QVector<Link> links_;
};

}  // namespace pppkit::tray
