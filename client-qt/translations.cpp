#include "translations.hpp"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace pppkit::tray {

QString translationFile(const QString& language) {
    return QStringLiteral(":/i18n/pppkit-tray_%1.qm").arg(language);
}

QTranslator* installTranslations(const QLocale& locale) {
    auto* qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    auto* own = new QTranslator(QCoreApplication::instance());
    // Tries pppkit-tray_de_DE.qm, then pppkit-tray_de.qm, for each of the locale's UI languages.
    if (own->load(locale, QStringLiteral("pppkit-tray"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(own);
        return own;
    }
    // No translation for the locale (or the C locale): English, whose file
    // carries the plural forms ("1 packet", "2 packets").
    if (own->load(translationFile(QStringLiteral("en")))) {
        QCoreApplication::installTranslator(own);
        return own;
    }
    delete own;
    return nullptr;
}

}  // namespace pppkit::tray
