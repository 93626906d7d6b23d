<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
    <context>
        <name>Presentation</name>
        <message>
            <source>Disconnected</source>
            <translation>Déconnecté</translation>
        </message>
        <message>
            <source>Dialling</source>
            <translation>Numérotation</translation>
        </message>
        <message>
            <source>Establishing the link</source>
            <translation>Établissement de la liaison</translation>
        </message>
        <message>
            <source>Authenticating</source>
            <translation>Authentification</translation>
        </message>
        <message>
            <source>Negotiating addresses</source>
            <translation>Négociation des adresses</translation>
        </message>
        <message>
            <source>Connected</source>
            <translation>Connecté</translation>
        </message>
        <message>
            <source>Disconnecting</source>
            <translation>Déconnexion</translation>
        </message>
        <message>
            <source>Waiting to redial</source>
            <translation>En attente de renumérotation</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Inconnu</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1 : %2</translation>
        </message>
        <message>
            <source>%1 ⇄ %2</source>
            <translation>%1 ⇄ %2</translation>
        </message>
        <message>
            <source>pppkit dial-up</source>
            <translation>Accès commuté pppkit</translation>
        </message>
        <message>
            <source>No dial-up connections are configured</source>
            <translation>Aucune connexion commutée n’est configurée</translation>
        </message>
        <message>
            <source>%1/s</source>
            <translation>%1/s</translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) %1</source>
            <comment>duration</comment>
            <translation>
                <numerusform>%n jour %1</numerusform>
                <numerusform>%n jours %1</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>TrayApp</name>
        <message>
            <source>Dial-up connections in the system tray.</source>
            <translation>Connexions commutées dans la zone de notification.</translation>
        </message>
        <message>
            <source>Open the status window at start.</source>
            <translation>Ouvrir la fenêtre d’état au démarrage.</translation>
        </message>
        <message>
            <source>pppkit</source>
            <translation>pppkit</translation>
        </message>
        <message>
            <source>Cannot connect to the system bus: %1</source>
            <translation>Impossible de se connecter au bus système : %1</translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::Notifier</name>
        <message>
            <source>%1 connected</source>
            <translation>%1 connecté</translation>
        </message>
        <message>
            <source>The link is up.</source>
            <translation>La liaison est établie.</translation>
        </message>
        <message>
            <source>Your address is %1.</source>
            <translation>Votre adresse est %1.</translation>
        </message>
        <message>
            <source>%1: connection failed</source>
            <translation>%1 : échec de la connexion</translation>
        </message>
        <message>
            <source>The connection failed.</source>
            <translation>La connexion a échoué.</translation>
        </message>
        <message>
            <source>%1 disconnected</source>
            <translation>%1 déconnecté</translation>
        </message>
        <message>
            <source>%1: cannot disconnect</source>
            <translation>%1 : impossible de se déconnecter</translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::ServiceClient</name>
        <message>
            <source>The pppkit service stopped</source>
            <translation>Le service pppkit s’est arrêté</translation>
        </message>
        <message>
            <source>The pppkit service is not installed or cannot be started.</source>
            <translation>Le service pppkit n’est pas installé ou ne peut pas être démarré.</translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::StatusWindow</name>
        <message>
            <source>State:</source>
            <translation>État :</translation>
        </message>
        <message>
            <source>Reason:</source>
            <translation>Raison :</translation>
        </message>
        <message>
            <source>Device:</source>
            <translation>Périphérique :</translation>
        </message>
        <message>
            <source>Speed:</source>
            <translation>Vitesse :</translation>
        </message>
        <message>
            <source>Interface:</source>
            <translation>Interface :</translation>
        </message>
        <message>
            <source>Local address:</source>
            <translation>Adresse locale :</translation>
        </message>
        <message>
            <source>Remote address:</source>
            <translation>Adresse distante :</translation>
        </message>
        <message>
            <source>IPv6 address:</source>
            <translation>Adresse IPv6 :</translation>
        </message>
        <message>
            <source>DNS servers:</source>
            <translation>Serveurs DNS :</translation>
        </message>
        <message>
            <source>MTU:</source>
            <translation>MTU :</translation>
        </message>
        <message>
            <source>Authentication:</source>
            <translation>Authentification :</translation>
        </message>
        <message>
            <source>Connected since:</source>
            <translation>Connecté depuis :</translation>
        </message>
        <message>
            <source>Received:</source>
            <translation>Reçu :</translation>
        </message>
        <message>
            <source>Sent:</source>
            <translation>Envoyé :</translation>
        </message>
        <message>
            <source>Traffic (last minute):</source>
            <translation>Trafic (dernière minute) :</translation>
        </message>
        <message>
            <source>Log:</source>
            <translation>Journal :</translation>
        </message>
        <message>
            <source>&amp;Connect</source>
            <translation>Se &amp;connecter</translation>
        </message>
        <message>
            <source>&amp;Disconnect</source>
            <translation>Se &amp;déconnecter</translation>
        </message>
        <message>
            <source>C&amp;lose</source>
            <translation>&amp;Fermer</translation>
        </message>
        <message>
            <source>Dial-up status</source>
            <translation>État de l’accès commuté</translation>
        </message>
        <message>
            <source>%1 — dial-up status</source>
            <translation>%1 — état de l’accès commuté</translation>
        </message>
        <message numerus="yes">
            <source>next attempt in %n second(s)</source>
            <translation>
                <numerusform>prochaine tentative dans %n seconde</numerusform>
                <numerusform>prochaine tentative dans %n secondes</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 bit/s</source>
            <translation>%1 bit/s</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>none</source>
            <translation>aucune</translation>
        </message>
        <message numerus="yes">
            <source>%1 (%n packet(s))</source>
            <translation>
                <numerusform>%1 (%n paquet)</numerusform>
                <numerusform>%1 (%n paquets)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::TrafficGraph</name>
        <message>
            <source>peak %1</source>
            <translation>pic %1</translation>
        </message>
        <message>
            <source>sent</source>
            <translation>envoyé</translation>
        </message>
        <message>
            <source>received</source>
            <translation>reçu</translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::TrayMenu</name>
        <message>
            <source>No dial-up connections are configured</source>
            <translation>Aucune connexion commutée n’est configurée</translation>
        </message>
        <message>
            <source>Connection &amp;Status…</source>
            <translation>&amp;État de la connexion…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Quitter</translation>
        </message>
        <message>
            <source>%1 — %2</source>
            <translation>%1 — %2</translation>
        </message>
        <message>
            <source>Address %1</source>
            <translation>Adresse %1</translation>
        </message>
        <message>
            <source>&amp;Connect</source>
            <translation>Se &amp;connecter</translation>
        </message>
        <message>
            <source>&amp;Disconnect</source>
            <translation>Se &amp;déconnecter</translation>
        </message>
        <message>
            <source>Details…</source>
            <translation>Détails…</translation>
        </message>
        <message>
            <source>&amp;Notifications</source>
            <translation>&amp;Notifications</translation>
        </message>
        <message>
            <source>When a link &amp;connects</source>
            <translation>Quand une liaison se &amp;connecte</translation>
        </message>
        <message>
            <source>When a link &amp;disconnects</source>
            <translation>Quand une liaison se &amp;déconnecte</translation>
        </message>
        <message>
            <source>When a connection &amp;fails</source>
            <translation>Quand une connexion &amp;échoue</translation>
        </message>
        <message>
            <source>The pppkit service is not running</source>
            <translation>Le service pppkit n’est pas lancé</translation>
        </message>
    </context>
</TS>
