//! The npm package's memory allocator (`#[global_allocator]` of the `js` feature, which only the
//! npm build turns on; a Rust app keeps its own allocator): power-of-two size classes from 16
//! bytes, one free list per class, new blocks cut from pages the heap grows by. About 1 KB of
//! wasm where Rust's default (dlmalloc) is about 8 KB (docs/size.md).
//!
//! What it gives up, and why that is fine here: a freed block is only reused for its own class
//! (no splitting or merging), and a block takes up to twice the bytes asked for. The SDK's live
//! data is a session, a provider cache and the response being read (tens of KiB), and its
//! allocations repeat the same sizes on every call, so the heap levels off after the first
//! calls: `tests/browser_long_lived.rs`, built with the `js` feature and so with this heap
//! (step `browser-heap` of scripts/test.sh), holds it to that.
//! Memory is never given back, as wasm memory cannot shrink anyway.

#[allow(unused_imports)]
use crate::prelude::*;

use core::alloc::Layout;
use core::ptr::null_mut;

/// The size of a wasm memory page.
const PAGE: usize = 64 * 1024;
/// The smallest class is 2^4 = 16 bytes, the largest 2^31.
const MIN_CLASS: u32 = 4;
const CLASSES: usize = (usize::BITS - MIN_CLASS) as usize;
/// Every block starts at a multiple of this (more when the layout asks).
const BLOCK_ALIGN: usize = 1 << MIN_CLASS;

/// Where the heap's pages come from.
pub(crate) trait Pages {
    /// Adds `count` pages; returns the address of the first, or `None` when memory is exhausted.
    fn grow(&mut self, count: usize) -> Option<usize>;
}

/// The heap: free lists and the part of the last pages not cut into blocks yet.
pub(crate) struct Heap<P> {
    /// The first free block of each class (0: none); a free block holds the next one's address.
    free: [usize; CLASSES],
    /// The uncut part of the pages: from `bump` to `end`.
    bump: usize,
    end: usize,
    pages: P,
}

impl<P: Pages> Heap<P> {
    pub(crate) const fn new(pages: P) -> Self {
        Heap { free: [0; CLASSES], bump: 0, end: 0, pages }
    }

    /// The class of a layout: the smallest power of two that holds its size and its alignment.
    fn class(layout: Layout) -> Option<usize> {
        let size = layout.size().max(layout.align()).checked_next_power_of_two()?;
        let index = size.trailing_zeros().saturating_sub(MIN_CLASS) as usize;
        (index < CLASSES).then_some(index)
    }

    /// A block for `layout`, or null when it cannot be had (as `GlobalAlloc::alloc`).
    ///
    /// # Safety
    /// The free lists must hold only blocks this heap handed out and that were deallocated.
    pub(crate) unsafe fn alloc(&mut self, layout: Layout) -> *mut u8 {
        let Some(index) = Self::class(layout) else { return null_mut() };
        let Some(slot) = self.free.get_mut(index) else { return null_mut() };
        let head = *slot;
        if head != 0 && head % layout.align() == 0 {
            // SAFETY: a free block of this class is at least 16 bytes and 16-aligned, and its
            // first word is the next free block's address (written by `dealloc`).
            *slot = unsafe { (head as *const usize).read() };
            return head as *mut u8;
        }
        let size = BLOCK_ALIGN << index;
        let align = layout.align().max(BLOCK_ALIGN);
        let fits = |bump: usize, end: usize| {
            let start = bump.checked_add(align - 1)? & !(align - 1);
            (start.checked_add(size)? <= end).then_some(start)
        };
        let start = match fits(self.bump, self.end) {
            Some(start) => start,
            None => {
                let Some(count) = size.checked_add(align).map(|n| n.div_ceil(PAGE)) else { return null_mut() };
                let Some(base) = self.pages.grow(count) else { return null_mut() };
                if base != self.end {
                    // Not contiguous with the last pages: their uncut tail is left unused.
                    self.bump = base;
                }
                self.end = base + count * PAGE;
                match fits(self.bump, self.end) {
                    Some(start) => start,
                    None => return null_mut(),
                }
            }
        };
        self.bump = start + size;
        start as *mut u8
    }

    /// Puts a block back on its class's free list.
    ///
    /// # Safety
    /// `ptr` was returned by [`Heap::alloc`] for the same `layout` and is not used afterwards.
    pub(crate) unsafe fn dealloc(&mut self, ptr: *mut u8, layout: Layout) {
        let Some(slot) = Self::class(layout).and_then(|index| self.free.get_mut(index)) else { return };
        // SAFETY: the block is at least 16 bytes, 16-aligned and no longer in use.
        unsafe { (ptr as *mut usize).write(*slot) };
        *slot = ptr as usize;
    }

    /// Resizes a block: the same block when the new size is of the same class.
    ///
    /// # Safety
    /// As `GlobalAlloc::realloc`.
    pub(crate) unsafe fn realloc(&mut self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else { return null_mut() };
        if Self::class(layout) == Self::class(new_layout) {
            return ptr;
        }
        // SAFETY: as the caller promised; the new block does not overlap the old one.
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

/// The heap as the global allocator of a single-threaded wasm module.
#[cfg(all(target_arch = "wasm32", feature = "js", not(target_feature = "atomics")))]
pub(crate) mod global {
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;

    use super::{Heap, Pages, PAGE};

    /// Pages from `memory.grow` on the module's memory.
    pub(crate) struct WasmMemory;

    impl Pages for WasmMemory {
        fn grow(&mut self, count: usize) -> Option<usize> {
            let previous = core::arch::wasm32::memory_grow(0, count);
            (previous != usize::MAX).then(|| previous * PAGE)
        }
    }

    pub(crate) struct SizeClassAllocator(UnsafeCell<Heap<WasmMemory>>);

    // SAFETY: without the `atomics` target feature a wasm module has one thread, and the heap
    // never calls back into the allocator, so no two calls overlap.
    unsafe impl Sync for SizeClassAllocator {}

    impl SizeClassAllocator {
        pub(crate) const fn new() -> Self {
            SizeClassAllocator(UnsafeCell::new(Heap::new(WasmMemory)))
        }
    }

    // SAFETY: `Heap` returns blocks of at least the layout's size and alignment that do not
    // overlap while allocated (tested natively in `super::tests`).
    unsafe impl GlobalAlloc for SizeClassAllocator {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            unsafe { (*self.0.get()).alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { (*self.0.get()).dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            unsafe { (*self.0.get()).realloc(ptr, layout, new_size) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;

    /// Pages cut from one arena, optionally with a gap before each growth (not contiguous).
    struct Arena {
        memory: Vec<u128>,
        used: usize,
        gap: bool,
        grows: usize,
    }

    impl Arena {
        fn new(pages: usize, gap: bool) -> Self {
            Arena { memory: vec![0; pages * PAGE / 16], used: 0, gap, grows: 0 }
        }
    }

    impl Pages for Arena {
        fn grow(&mut self, count: usize) -> Option<usize> {
            let skip = usize::from(self.gap && self.used > 0);
            if (self.used + skip + count) * PAGE > self.memory.len() * 16 {
                return None;
            }
            self.used += skip;
            let base = self.memory.as_ptr() as usize + self.used * PAGE;
            self.used += count;
            self.grows += 1;
            Some(base)
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    /// Random allocations, frees and reallocations: every live block is aligned, apart from
    /// the others, and keeps what was written into it.
    fn churn(gap: bool) {
        let mut heap = Heap::new(Arena::new(256, gap));
        let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1d);
        for step in 0..20_000u32 {
            let r = next();
            if r % 3 == 0 && !live.is_empty() {
                let (ptr, l, fill) = live.swap_remove((next() % live.len() as u64) as usize);
                assert!(unsafe { ::core::slice::from_raw_parts(ptr, l.size()) }.iter().all(|&b| b == fill), "block clobbered");
                unsafe { heap.dealloc(ptr, l) };
            } else if r % 3 == 1 && !live.is_empty() {
                let i = (next() % live.len() as u64) as usize;
                let (ptr, l, fill) = live[i];
                let new_size = 1 + (next() % 3000) as usize;
                let new = unsafe { heap.realloc(ptr, l, new_size) };
                assert!(!new.is_null());
                let kept = l.size().min(new_size);
                assert!(unsafe { ::core::slice::from_raw_parts(new, kept) }.iter().all(|&b| b == fill), "realloc lost data");
                unsafe { new.write_bytes(fill, new_size) };
                live[i] = (new, layout(new_size, l.align()), fill);
            } else {
                let size = if r % 50 == 2 { 20_000 + (next() % 100_000) as usize } else { 1 + (next() % 600) as usize };
                let align = 1 << (next() % 7);
                let l = layout(size, align);
                let ptr = unsafe { heap.alloc(l) };
                assert!(!ptr.is_null(), "out of memory at step {step}");
                assert_eq!(ptr as usize % align, 0);
                let fill = step as u8;
                unsafe { ptr.write_bytes(fill, size) };
                live.push((ptr, l, fill));
            }
            if step % 1000 == 0 {
                let mut ranges: Vec<(usize, usize)> = live.iter().map(|(p, l, _)| (*p as usize, *p as usize + l.size())).collect();
                ranges.sort_unstable();
                assert!(ranges.windows(2).all(|w| w[0].1 <= w[1].0), "blocks overlap");
            }
        }
    }

    #[test]
    fn blocks_are_aligned_apart_and_keep_their_bytes() {
        churn(false);
    }

    #[test]
    fn pages_that_are_not_contiguous() {
        churn(true);
    }

    #[test]
    fn freed_blocks_are_reused_so_the_heap_levels_off() {
        let mut heap = Heap::new(Arena::new(16, false));
        let sizes = [24, 100, 700, 5000, 30_000, 13];
        for _ in 0..10_000 {
            let blocks: Vec<_> = sizes.iter().map(|&s| (unsafe { heap.alloc(layout(s, 8)) }, s)).collect();
            for (ptr, s) in blocks {
                assert!(!ptr.is_null());
                unsafe { heap.dealloc(ptr, layout(s, 8)) };
            }
        }
        assert_eq!(heap.pages.used, 1, "the same blocks serve every round");
    }

    #[test]
    fn what_cannot_be_had_is_null() {
        let mut heap = Heap::new(Arena::new(2, false));
        assert!(unsafe { heap.alloc(layout(3 * PAGE, 8)) }.is_null(), "more than the memory");
        assert!(unsafe { heap.alloc(layout(isize::MAX as usize - 7, 8)) }.is_null(), "a request of half the address space");
        assert!(!unsafe { heap.alloc(layout(10, 8)) }.is_null(), "a failed large request leaves the heap usable");
    }

    #[test]
    fn a_free_block_serves_only_requests_it_is_aligned_for() {
        let mut heap = Heap::new(Arena::new(2, false));
        let l16 = layout(32, 16);
        let mut block = unsafe { heap.alloc(l16) };
        if block as usize % 32 == 0 {
            unsafe { heap.alloc(layout(16, 16)) };
            block = unsafe { heap.alloc(l16) };
        }
        assert_eq!(block as usize % 32, 16);
        unsafe { heap.dealloc(block, l16) };
        let aligned = unsafe { heap.alloc(layout(32, 32)) };
        assert!(aligned != block && aligned as usize % 32 == 0);
        assert_eq!(unsafe { heap.alloc(l16) }, block);
    }
}
