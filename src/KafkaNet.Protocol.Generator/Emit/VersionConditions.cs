using System.Collections.Generic;
using System.Globalization;
using KafkaNet.Protocol.Generator.Model;

namespace KafkaNet.Protocol.Generator.Emit;

/// <summary>
/// Builds version tests pruned against the message's own range: a field present in every
/// version of the message gets no test at all, one never present gets "false".
/// </summary>
internal sealed class VersionConditions
{
    private readonly VersionRange _message;

    public VersionConditions(VersionRange message) => _message = message;

    public string For(VersionRange range) => ForSet(SetOf(range));

    /// <summary>Versions in <paramref name="include"/> but not in <paramref name="exclude"/>.</summary>
    public string ForDifference(VersionRange include, VersionRange exclude)
    {
        var set = SetOf(include);
        for (int i = 0; i < set.Length; i++)
        {
            if (exclude.Contains((short)(_message.Lowest + i)))
            {
                set[i] = false;
            }
        }
        return ForSet(set);
    }

    public bool Any(VersionRange range) => !_message.Intersect(range).IsEmpty;

    private bool[] SetOf(VersionRange range)
    {
        var set = new bool[_message.Highest - _message.Lowest + 1];
        for (int i = 0; i < set.Length; i++)
        {
            set[i] = range.Contains((short)(_message.Lowest + i));
        }
        return set;
    }

    private string ForSet(bool[] set)
    {
        var parts = new List<string>();
        int i = 0;
        while (i < set.Length)
        {
            if (!set[i])
            {
                i++;
                continue;
            }
            int start = i;
            while (i + 1 < set.Length && set[i + 1])
            {
                i++;
            }
            parts.Add(Interval(start, i, set.Length));
            i++;
        }
        if (parts.Count == 0)
        {
            return "false";
        }
        if (parts.Count == 1)
        {
            return parts[0];
        }
        return "(" + string.Join(" || ", parts) + ")";
    }

    private string Interval(int start, int end, int length)
    {
        string lo = (_message.Lowest + start).ToString(CultureInfo.InvariantCulture);
        string hi = (_message.Lowest + end).ToString(CultureInfo.InvariantCulture);
        bool fromFirst = start == 0;
        bool toLast = end == length - 1;
        if (fromFirst && toLast)
        {
            return "true";
        }
        if (start == end)
        {
            return "version == " + lo;
        }
        if (fromFirst)
        {
            return "version <= " + hi;
        }
        if (toLast)
        {
            return "version >= " + lo;
        }
        return "(version >= " + lo + " && version <= " + hi + ")";
    }
}
