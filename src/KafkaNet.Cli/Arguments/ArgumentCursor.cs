using System.Globalization;

namespace KafkaNet.Cli.Arguments;

/// <summary>
/// Walks "--name value" pairs left to right. Each typed reader names the option in its error, so
/// a user sees which argument was wrong rather than a parse exception.
/// </summary>
internal sealed class ArgumentCursor
{
    private readonly IReadOnlyList<string> _args;
    private int _index;

    public ArgumentCursor(IReadOnlyList<string> args)
    {
        _args = args;
    }

    /// <summary>The next option name (with its dashes), or false at the end.</summary>
    public bool TryNextOption(out string option)
    {
        if (_index >= _args.Count)
        {
            option = string.Empty;
            return false;
        }

        option = _args[_index++];
        if (!option.StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"Unexpected argument '{option}'.");
        }

        return true;
    }

    public string String(string option)
    {
        if (_index >= _args.Count || IsOption(_args[_index]))
        {
            throw new UsageException($"{option} needs a value.");
        }

        return _args[_index++];
    }

    /// <summary>The option's value if one follows it, else null: for options whose value may be left out.</summary>
    public string? OptionalString() =>
        _index < _args.Count && !IsOption(_args[_index]) ? _args[_index++] : null;

    /// <summary>--output: true for json, false for text (tables).</summary>
    public bool OutputIsJson(string option)
    {
        var format = String(option);
        return format switch
        {
            "json" => true,
            "text" => false,
            _ => throw new UsageException($"{option} takes json or text, not '{format}'."),
        };
    }

    public long Long(string option, long min, long max)
    {
        var text = String(option);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
        {
            throw new UsageException($"{option} must be an integer from {min} to {max}, not '{text}'.");
        }

        return value;
    }

    public int Int(string option, int min, int max) => (int)Long(option, min, max);

    /// <summary>Every "key=value" up to the next option: client properties passed through as they are.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Properties(string option)
    {
        var properties = new List<KeyValuePair<string, string>>();
        while (_index < _args.Count && !IsOption(_args[_index]))
        {
            var pair = _args[_index++];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"{option} takes key=value pairs, not '{pair}'.");
            }

            properties.Add(new(pair[..equals], pair[(equals + 1)..]));
        }

        if (properties.Count == 0)
        {
            throw new UsageException($"{option} needs at least one key=value pair.");
        }

        return properties;
    }

    /// <summary>A comma-separated list of HOST:PORT, checked so a typo fails here and not in a client timeout.</summary>
    public string BootstrapServers(string option)
    {
        var text = String(option);
        foreach (var server in text.Split(','))
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0
                || !int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535)
            {
                throw new UsageException($"{option} takes HOST:PORT[,HOST:PORT...], not '{text}'.");
            }
        }

        return text;
    }

    public static void Require(object? value, string option)
    {
        if (value is null)
        {
            throw new UsageException($"{option} is required.");
        }
    }

    private static bool IsOption(string arg) => arg.StartsWith("--", StringComparison.Ordinal);
}
