using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Producers;

/// <summary>Tells whether a data batch belongs to an aborted transaction, from aborted transaction index entries.</summary>
internal sealed class AbortedBatches
{
    private readonly Dictionary<long, List<AbortedTransaction>> _byProducer = [];

    public AbortedBatches(List<AbortedTransaction> aborted)
    {
        foreach (AbortedTransaction transaction in aborted)
        {
            if (!_byProducer.TryGetValue(transaction.ProducerId, out List<AbortedTransaction>? list))
            {
                list = [];
                _byProducer.Add(transaction.ProducerId, list);
            }

            list.Add(transaction);
        }
    }

    /// <summary>True for a transactional data batch inside one of its producer's aborted transactions.</summary>
    public bool Contains(in RecordBatchHeader header)
    {
        if (!header.IsTransactional || header.IsControl || !_byProducer.TryGetValue(header.ProducerId, out List<AbortedTransaction>? list))
        {
            return false;
        }

        foreach (AbortedTransaction transaction in list)
        {
            if (transaction.FirstOffset <= header.BaseOffset && header.BaseOffset <= transaction.LastOffset)
            {
                return true;
            }
        }

        return false;
    }
}
