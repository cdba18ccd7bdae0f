namespace KafkaNet.Server.Configuration;

/// <summary>metrics.listener: empty (no metrics listener) or http://host:port, port 0 picking a free one.</summary>
public static class MetricsListenerAddress
{
    /// <summary>The address, or null when empty; a problem describes a value that is neither.</summary>
    public static Uri? Parse(string? text, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.Host.Length == 0
            || uri.PathAndQuery != "/" || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0 || !HasPort(text))
        {
            problem = "Value must be empty or http://host:port";
            return null;
        }
        return uri;
    }

    /// <summary>The row's validator.</summary>
    public static ConfigValidator Validator() => value =>
    {
        Parse(value as string, out var problem);
        return problem;
    };

    // A port must be written: the default of http (80) is not where anyone expects metrics.
    private static bool HasPort(string text)
    {
        int hostStart = text.IndexOf("//", StringComparison.Ordinal) + 2;
        int colon = text.LastIndexOf(':');
        return colon > hostStart && colon > text.LastIndexOf(']') && colon + 1 < text.TrimEnd('/').Length;
    }
}
