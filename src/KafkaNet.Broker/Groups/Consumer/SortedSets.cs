namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// Set operations on sorted arrays of distinct partitions. Each returns null when the result
/// equals the left operand, so callers can keep the instance they already have.
/// </summary>
internal static class SortedSets
{
    public static int[]? Union(int[] left, int[] right)
    {
        var result = new List<int>(left.Length + right.Length);
        var added = false;
        int i = 0, j = 0;
        while (i < left.Length || j < right.Length)
        {
            if (j == right.Length || (i < left.Length && left[i] < right[j]))
            {
                result.Add(left[i++]);
            }
            else if (i == left.Length || right[j] < left[i])
            {
                result.Add(right[j++]);
                added = true;
            }
            else
            {
                result.Add(left[i++]);
                j++;
            }
        }
        return added ? [.. result] : null;
    }

    public static int[]? Difference(int[] left, int[] right)
    {
        if (!Overlap(left, right))
        {
            return null;
        }
        var result = new List<int>(left.Length);
        var j = 0;
        foreach (var value in left)
        {
            while (j < right.Length && right[j] < value)
            {
                j++;
            }
            if (j == right.Length || right[j] != value)
            {
                result.Add(value);
            }
        }
        return [.. result];
    }

    public static int[]? Intersect(int[] left, int[] right)
    {
        var result = new List<int>(Math.Min(left.Length, right.Length));
        var j = 0;
        foreach (var value in left)
        {
            while (j < right.Length && right[j] < value)
            {
                j++;
            }
            if (j < right.Length && right[j] == value)
            {
                result.Add(value);
            }
        }
        return result.Count == left.Length ? null : [.. result];
    }

    public static bool Overlap(int[] left, int[] right)
    {
        int i = 0, j = 0;
        while (i < left.Length && j < right.Length)
        {
            if (left[i] == right[j])
            {
                return true;
            }
            if (left[i] < right[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return false;
    }
}
