import { ref } from 'vue';

/** Whether the keyboard shortcuts overlay is shown. */
export const helpOpen = ref(false);
