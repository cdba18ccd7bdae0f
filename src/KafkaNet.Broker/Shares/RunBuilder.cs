namespace KafkaNet.Broker.Shares;

/// <summary>
/// Gathers offsets, visited in ascending order, into runs of consecutive offsets that share one value
/// (a delivery count, or a count and a reason), so results stay a few ranges rather than one entry per record.
/// </summary>
internal class RunBuilder<TValue> where TValue : IEquatable<TValue>
{
    private readonly List<(long First, long Last, TValue Value)> _runs = [];

    public int Count => _runs.Count;

    public (long First, long Last, TValue Value) this[int index] => _runs[index];

    public void Add(long offset, TValue value)
    {
        if (_runs.Count > 0)
        {
            var last = _runs[^1];
            if (last.Last + 1 == offset && last.Value.Equals(value))
            {
                _runs[^1] = (last.First, offset, value);
                return;
            }
        }
        _runs.Add((offset, offset, value));
    }
}
