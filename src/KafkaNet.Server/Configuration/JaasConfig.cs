namespace KafkaNet.Server.Configuration;

/// <summary>
/// One login module entry of a JAAS configuration as Kafka's sasl.jaas.config holds it:
/// <c>ModuleClass flag key="value" key2=value2;</c>. Values may be double-quoted (with backslash escapes) or bare.
/// </summary>
internal sealed class JaasConfig
{
    private JaasConfig(string loginModule, string controlFlag, IReadOnlyDictionary<string, string> options)
    {
        LoginModule = loginModule;
        ControlFlag = controlFlag;
        Options = options;
    }

    public string LoginModule { get; }

    /// <summary>required, requisite, sufficient or optional.</summary>
    public string ControlFlag { get; }

    public IReadOnlyDictionary<string, string> Options { get; }

    /// <exception cref="FormatException">The text is not a single login module entry ending in ';'. Messages never quote option values (they may be passwords).</exception>
    public static JaasConfig Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cursor = new Cursor(text);
        string module = cursor.ReadWord() ?? throw new FormatException("no login module class");
        string flag = cursor.ReadWord() ?? throw new FormatException("no control flag after " + module);
        if (flag is not ("required" or "requisite" or "sufficient" or "optional"))
        {
            throw new FormatException($"invalid control flag {flag}");
        }
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            cursor.SkipSpace();
            if (cursor.TryTake(';'))
            {
                break;
            }
            string key = cursor.ReadWord() ?? throw new FormatException("expected an option name or ';'");
            cursor.SkipSpace();
            if (!cursor.TryTake('='))
            {
                throw new FormatException($"expected '=' after {key}");
            }
            cursor.SkipSpace();
            string value = cursor.ReadValue() ?? throw new FormatException($"no value for {key}");
            if (!options.TryAdd(key, value))
            {
                throw new FormatException($"option {key} is given twice");
            }
        }
        cursor.SkipSpace();
        if (!cursor.AtEnd)
        {
            throw new FormatException("only one login module is allowed");
        }
        return new JaasConfig(module, flag, options);
    }

    private ref struct Cursor(string text)
    {
        private int _at;

        public readonly bool AtEnd => _at >= text.Length;

        public void SkipSpace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        public bool TryTake(char c)
        {
            if (_at < text.Length && text[_at] == c)
            {
                _at++;
                return true;
            }
            return false;
        }

        /// <summary>A run of characters up to space, '=', ';' or a quote; null when there is none.</summary>
        public string? ReadWord()
        {
            SkipSpace();
            int start = _at;
            while (_at < text.Length && !char.IsWhiteSpace(text[_at]) && text[_at] is not (';' or '"' or '='))
            {
                _at++;
            }
            return _at > start ? text[start.._at] : null;
        }

        /// <summary>A double-quoted string (backslash escapes the next character) or a bare word.</summary>
        public string? ReadValue()
        {
            if (!TryTake('"'))
            {
                int start = _at;
                while (_at < text.Length && !char.IsWhiteSpace(text[_at]) && text[_at] != ';')
                {
                    _at++;
                }
                return _at > start ? text[start.._at] : null;
            }
            var value = new System.Text.StringBuilder();
            while (_at < text.Length && text[_at] != '"')
            {
                if (text[_at] == '\\' && _at + 1 < text.Length)
                {
                    _at++;
                }
                value.Append(text[_at++]);
            }
            if (!TryTake('"'))
            {
                throw new FormatException("a quoted value is not closed");
            }
            return value.ToString();
        }
    }
}
