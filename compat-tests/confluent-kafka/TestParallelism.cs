// Three collections, each with its own broker: the classes sharing the first, and the committed-offset
// contract's careful and careless members on the other two. Their tests mostly wait on rebalances and
// timeouts, so all three run at once rather than two at a time (xunit's default of one thread per core).
[assembly: CollectionBehavior(MaxParallelThreads = 3)]
