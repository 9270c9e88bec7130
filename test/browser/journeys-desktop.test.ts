import { defineJourneys } from './journeys.ts';

defineJourneys('desktop');
