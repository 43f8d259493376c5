import './style.css';
import { App } from './ui/app';

void new App().start();
