namespace Steward.Conversations.Sessions;

/// <summary>
/// The sessions this instance has seen most recently, at most <c>capacity</c> of them: a dictionary over an intrusive
/// doubly linked list (most recent first), under one lock held only for O(1) pointer work. It holds snapshots, never
/// the truth: the store checks each snapshot's version against the database before using it.
/// </summary>
internal sealed class SessionCache(int capacity)
{
    private readonly Dictionary<SessionKey, Node> _nodes = [];
    private readonly Lock _lock = new();
    private Node? _head;
    private Node? _tail;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _nodes.Count;
            }
        }
    }

    public CachedSession? TryGet(string orgId, string id)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(new SessionKey(orgId, id), out var node))
            {
                return null;
            }

            MoveToFront(node);
            return node.Value;
        }
    }

    /// <summary>Caches the snapshot unless the cache already holds a later state of the session (writers can finish out of order).</summary>
    public void Set(CachedSession session)
    {
        lock (_lock)
        {
            var key = new SessionKey(session.OrgId, session.Id);
            if (_nodes.TryGetValue(key, out var node))
            {
                if (!node.Value.IsNewerThan(session))
                {
                    node.Value = session;
                }

                MoveToFront(node);
                return;
            }

            node = new Node(session);
            _nodes.Add(key, node);
            AddFirst(node);
            if (_nodes.Count > capacity)
            {
                var oldest = _tail!;
                Unlink(oldest);
                _nodes.Remove(new SessionKey(oldest.Value.OrgId, oldest.Value.Id));
            }
        }
    }

    public void Remove(string orgId, string id)
    {
        lock (_lock)
        {
            if (_nodes.Remove(new SessionKey(orgId, id), out var node))
            {
                Unlink(node);
            }
        }
    }

    /// <summary>Drops every session that expired by <paramref name="nowMs"/>; returns how many.</summary>
    public int RemoveExpired(long nowMs)
    {
        lock (_lock)
        {
            var removed = 0;
            for (var node = _head; node is not null;)
            {
                var next = node.Next;
                if (!node.Value.IsLive(nowMs))
                {
                    Unlink(node);
                    _nodes.Remove(new SessionKey(node.Value.OrgId, node.Value.Id));
                    removed++;
                }

                node = next;
            }

            return removed;
        }
    }

    private void MoveToFront(Node node)
    {
        if (_head == node)
        {
            return;
        }

        Unlink(node);
        AddFirst(node);
    }

    private void AddFirst(Node node)
    {
        node.Next = _head;
        if (_head is not null)
        {
            _head.Previous = node;
        }

        _head = node;
        _tail ??= node;
    }

    private void Unlink(Node node)
    {
        if (node.Previous is not null)
        {
            node.Previous.Next = node.Next;
        }
        else
        {
            _head = node.Next;
        }

        if (node.Next is not null)
        {
            node.Next.Previous = node.Previous;
        }
        else
        {
            _tail = node.Previous;
        }

        node.Previous = null;
        node.Next = null;
    }

    private readonly record struct SessionKey(string OrgId, string Id);

    private sealed class Node(CachedSession value)
    {
        public CachedSession Value { get; set; } = value;

        public Node? Previous { get; set; }

        public Node? Next { get; set; }
    }
}
