using System.Security.Cryptography.X509Certificates;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tls;

/// <summary>
/// Kafka's check of a dynamically updated keystore: clients that verify the broker's name must keep accepting it, so
/// the new certificate keeps the distinguished name (unless ssl.allow.dn.changes) and the subject alternative names,
/// compared as a set (unless ssl.allow.san.changes).
/// </summary>
internal static class CertificateNames
{
    public const string AllowDnChanges = "ssl.allow.dn.changes";
    public const string AllowSanChanges = "ssl.allow.san.changes";

    private const string SubjectAltNameOid = "2.5.29.17";

    /// <exception cref="ConfigException">A name changed that may not.</exception>
    public static void CheckUnchanged(X509Certificate2 current, X509Certificate2 next, bool allowDnChanges, bool allowSanChanges)
    {
        if (!allowDnChanges && current.SubjectName.Name != next.SubjectName.Name)
        {
            throw new ConfigException(
                $"Keystore DistinguishedName does not match: existing={{DN={current.SubjectName.Name}}}, new={{DN={next.SubjectName.Name}}}");
        }
        var currentNames = AltNames(current);
        var nextNames = AltNames(next);
        if (!allowSanChanges && !currentNames.SetEquals(nextNames))
        {
            throw new ConfigException(
                $"Keystore SubjectAltNames do not match: existing={{SAN=[{string.Join(", ", currentNames)}]}}, new={{SAN=[{string.Join(", ", nextNames)}]}}");
        }
    }

    // Each name as the extension formats it ("DNS Name=localhost", "IP Address=127.0.0.1"), whatever their order.
    private static SortedSet<string> AltNames(X509Certificate2 certificate)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == SubjectAltNameOid)
            {
                foreach (string name in extension.Format(multiLine: false).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    names.Add(name);
                }
            }
        }
        return names;
    }
}
