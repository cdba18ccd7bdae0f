using System;
using System.Globalization;

namespace KafkaNet.Protocol.Generator.Model;

/// <summary>An inclusive range of versions: "3+", "0-12", "5" or "none".</summary>
internal readonly struct VersionRange
{
    public const short Open = short.MaxValue;

    public VersionRange(short lowest, short highest)
    {
        Lowest = lowest;
        Highest = highest;
    }

    public static VersionRange None => new VersionRange(1, 0);

    public short Lowest { get; }

    public short Highest { get; }

    public bool IsEmpty => Lowest > Highest;

    public bool Contains(short version) => version >= Lowest && version <= Highest;

    public bool Covers(VersionRange other) => other.IsEmpty || (Lowest <= other.Lowest && Highest >= other.Highest);

    public VersionRange Intersect(VersionRange other)
    {
        if (IsEmpty || other.IsEmpty)
        {
            return None;
        }
        var r = new VersionRange(Math.Max(Lowest, other.Lowest), Math.Min(Highest, other.Highest));
        return r.IsEmpty ? None : r;
    }

    public static VersionRange Parse(string text)
    {
        text = text.Trim();
        if (text == "none")
        {
            return None;
        }
        if (text.EndsWith("+", StringComparison.Ordinal))
        {
            return new VersionRange(ParseVersion(text.Substring(0, text.Length - 1)), Open);
        }
        int dash = text.IndexOf('-');
        if (dash > 0)
        {
            var r = new VersionRange(ParseVersion(text.Substring(0, dash)), ParseVersion(text.Substring(dash + 1)));
            if (r.IsEmpty)
            {
                throw new FormatException("version range '" + text + "' is empty");
            }
            return r;
        }
        short v = ParseVersion(text);
        return new VersionRange(v, v);
    }

    private static short ParseVersion(string text)
    {
        if (!short.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out short v) || v >= Open)
        {
            throw new FormatException("'" + text + "' is not a version");
        }
        return v;
    }

    public override string ToString() =>
        IsEmpty ? "none" : Highest == Open ? Lowest + "+" : Lowest == Highest ? Lowest.ToString(CultureInfo.InvariantCulture) : Lowest + "-" + Highest;
}
