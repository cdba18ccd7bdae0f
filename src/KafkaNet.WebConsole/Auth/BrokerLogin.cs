using System.Text;
using KafkaNet.Broker;
using KafkaNet.Broker.Security;
using KafkaNet.Broker.Security.Scram;

namespace KafkaNet.WebConsole.Auth;

/// <summary>
/// Checks a user name and password as the broker checks a SASL client's: in process, against the SASL servers of the
/// broker's own listeners (PLAIN: the users of the listener's JAAS configuration; SCRAM-SHA-256/512: the credentials
/// in the metadata). Nothing is verified here; the servers do it, with their constant-time comparisons and their
/// handling of unknown users. Success is the authenticated <see cref="SaslConnectionState"/> a Kafka connection of that
/// listener would have, so requests made with it carry principal User:name.
/// </summary>
internal static class BrokerLogin
{
    // The SaslAuthenticate version current clients send: the session then knows its lifetime (connections.max.reauth.ms).
    private const short AuthenticateVersion = 2;

    /// <summary>The mechanisms the console can log in with: those that take a user name and password.</summary>
    public static bool TakesPassword(string mechanism) =>
        mechanism == SaslListenerSettings.Plain || ScramMechanism.FromName(mechanism) is not null;

    /// <summary>The authenticated state for these credentials, or null when no listener's mechanism accepts them.</summary>
    public static SaslConnectionState? Authenticate(KafkaBroker broker, string userName, string password)
    {
        // The SCRAM credentials live in the metadata, the same for every listener: each mechanism is tried once.
        var scramTried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, settings) in broker.SaslListeners.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            foreach (string mechanism in settings.EnabledMechanisms)
            {
                if (!TakesPassword(mechanism) || (mechanism != SaslListenerSettings.Plain && !scramTried.Add(mechanism))
                    || SaslServers.Create(mechanism, settings, broker) is not { } server)
                {
                    continue;
                }
                var state = new SaslConnectionState(settings);
                state.HandshakeDone(rawTokens: false, server);
                var outcome = ScramMechanism.FromName(mechanism) is { } scram
                    ? ScramExchange(server, scram, userName, password)
                    : server.Evaluate(PlainToken(userName, password));
                if (outcome.IsComplete && state.Authenticated(outcome, AuthenticateVersion).Error is null)
                {
                    return state;
                }
            }
        }
        return null;
    }

    /// <summary>The mechanisms of the broker's SASL listeners that take a password, each once.</summary>
    public static List<string> Mechanisms(KafkaBroker broker) =>
        [.. broker.SaslListeners.Values.SelectMany(s => s.EnabledMechanisms).Where(TakesPassword).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    // RFC 4616: authzid NUL authcid NUL password, with no authorization id.
    private static byte[] PlainToken(string userName, string password) => Encoding.UTF8.GetBytes("\0" + userName + "\0" + password);

    /// <summary>
    /// The client's two SCRAM messages (RFC 5802 section 3, no channel binding), answered by the broker's SCRAM server;
    /// the proof is made with the broker's SCRAM formulas.
    /// </summary>
    private static SaslOutcome ScramExchange(ISaslServer server, ScramMechanism mechanism, string userName, string password)
    {
        string clientFirstBare = "n=" + userName.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal)
            + ",r=" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18));
        var challenge = server.Evaluate(Encoding.UTF8.GetBytes("n,," + clientFirstBare));
        if (challenge.IsFailure || challenge.IsComplete)
        {
            return challenge;
        }
        // The broker's server-first: r=nonce,s=salt,i=iterations.
        string serverFirst = Encoding.UTF8.GetString(challenge.ServerMessage);
        var attributes = serverFirst.Split(',').Where(a => a.Length > 2 && a[1] == '=').ToDictionary(a => a[0], a => a[2..]);
        byte[] salted = ScramFormulas.SaltedPassword(mechanism, password, Convert.FromBase64String(attributes['s']),
            int.Parse(attributes['i'], System.Globalization.CultureInfo.InvariantCulture));
        byte[] clientKey = ScramFormulas.ClientKey(mechanism, salted);
        string withoutProof = "c=biws,r=" + attributes['r'];
        byte[] authMessage = Encoding.UTF8.GetBytes(clientFirstBare + "," + serverFirst + "," + withoutProof);
        byte[] proof = ScramFormulas.Xor(clientKey, ScramFormulas.Hmac(mechanism, ScramFormulas.Hash(mechanism, clientKey), authMessage));
        return server.Evaluate(Encoding.UTF8.GetBytes(withoutProof + ",p=" + Convert.ToBase64String(proof)));
    }
}
